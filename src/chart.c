/* chart.c: horizontal bar charts as inline SVG (see chart.h).
 *
 * Sizes are estimated from code point counts (about 7 px a character at
 * font-size 13), which is enough to keep labels and values inside the
 * viewBox; the browser scales the whole drawing to the page. */
#include <stdio.h>
#include <string.h>

#include "paikka/chart.h"
#include "paikka/http.h"

enum {
	PAD = 8,
	TITLE_H = 26,
	LEGEND_H = 26,
	SWATCH = 14,
	BAR_GAP = 2,
	ROW_GAP = 10,
	CHAR_W = 7,
};

/* Fill of series i: solid dark, hatched, light with an outline. */
static void bar_fill(struct buf *b, const char *id, size_t i)
{
	if (i == 0)
		buf_puts(b, "fill=\"#2b3a48\"");
	else if (i == 1)
		buf_printf(b, "fill=\"url(#%s-hatch)\" stroke=\"#1b1f24\"", id);
	else
		buf_puts(b, "fill=\"#d0d6dc\" stroke=\"#1b1f24\"");
}

/* Code points in s (continuation bytes not counted). */
static size_t cp_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* s escaped for XML text and attributes; control characters become
 * spaces; at most max code points, the last one "…" when cut. Text that
 * is not UTF-8 is written as "?". */
static void xml_text(struct buf *b, const char *s, size_t max)
{
	if (s == NULL)
		return;
	if (!utf8_valid(s, strlen(s))) {
		buf_putc(b, '?');
		return;
	}
	size_t cps = cp_count(s), seen = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) != 0x80 && ++seen == max && cps > max) {
			buf_puts(b, "\xe2\x80\xa6");
			return;
		}
		switch (*p) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			buf_putc(b, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
		}
	}
}

int chart_bar_len(int64_t v, int64_t max, int plot)
{
	if (v <= 0 || max <= 0 || plot <= 0)
		return 0;
	if (v >= max)
		return plot;
	return (int)(((__int128)v * plot + max / 2) / max);
}

static int id_ok(const char *id)
{
	if (id == NULL || *id == '\0')
		return 0;
	for (; *id; id++)
		if (!((*id >= 'a' && *id <= 'z') ||
		        (*id >= 'A' && *id <= 'Z') ||
		        (*id >= '0' && *id <= '9') || *id == '-' || *id == '_'))
			return 0;
	return 1;
}

/* The value label of category k in series s, into tmp when a number. */
static const char *value_text(
    const struct chart_series *s, size_t k, char *tmp, size_t n)
{
	if (s->texts && s->texts[k])
		return s->texts[k];
	snprintf(tmp, n, "%lld", (long long)s->values[k]);
	return tmp;
}

struct layout {
	int label_w, value_w, plot, top, row_h, height;
	int64_t max;
};

static struct layout measure(const struct chart *c)
{
	struct layout l = {0, 0, 0, 0, 0, 0, 0};
	size_t lw = 0, vw = 0;
	char tmp[32];
	for (size_t k = 0; k < c->n; k++) {
		size_t w = cp_count(c->labels[k] ? c->labels[k] : "");
		lw = w > lw ? w : lw;
		for (size_t i = 0; i < c->nseries; i++) {
			const struct chart_series *s = &c->series[i];
			w = cp_count(value_text(s, k, tmp, sizeof(tmp)));
			vw = w > vw ? w : vw;
			l.max = s->values[k] > l.max ? s->values[k] : l.max;
		}
	}
	lw = lw > CHART_LABEL_MAX ? CHART_LABEL_MAX : lw;
	l.label_w = (int)lw * CHAR_W + 12;
	l.label_w = l.label_w < 60 ? 60 : l.label_w > 290 ? 290 : l.label_w;
	l.value_w = (int)vw * CHAR_W + 10;
	l.value_w = l.value_w < 30 ? 30 : l.value_w > 160 ? 160 : l.value_w;
	l.plot = CHART_WIDTH - l.label_w - l.value_w - PAD;
	l.top = PAD + TITLE_H + (c->nseries > 1 ? LEGEND_H : 0);
	int group = (int)c->nseries * (CHART_BAR_H + BAR_GAP) - BAR_GAP;
	l.row_h = group + ROW_GAP;
	l.height = l.top + (c->n ? (int)c->n : 1) * l.row_h + PAD;
	return l;
}

/* The title drawn at the top (the <title> element is not shown). */
static void heading(struct buf *b, const struct chart *c)
{
	buf_printf(
	    b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">", PAD, PAD + 14);
	xml_text(b, c->title, CHART_LABEL_MAX * 2);
	buf_puts(b, "</text>");
}

static void legend(struct buf *b, const struct chart *c)
{
	int x = PAD, y = PAD + TITLE_H;
	for (size_t i = 0; c->nseries > 1 && i < c->nseries; i++) {
		buf_printf(b,
		    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" ", x, y,
		    SWATCH, SWATCH);
		bar_fill(b, c->id, i);
		buf_printf(b, "/><text x=\"%d\" y=\"%d\">", x + SWATCH + 6,
		    y + SWATCH - 2);
		xml_text(b, c->series[i].name, CHART_LABEL_MAX);
		buf_puts(b, "</text>");
		size_t w = cp_count(c->series[i].name ? c->series[i].name : "");
		w = w > CHART_LABEL_MAX ? CHART_LABEL_MAX : w;
		x += SWATCH + 6 + (int)w * CHAR_W + 18;
	}
}

static void rows(struct buf *b, const struct chart *c, const struct layout *l)
{
	char tmp[32];
	for (size_t k = 0; k < c->n; k++) {
		int y = l->top + (int)k * l->row_h;
		int group = l->row_h - ROW_GAP;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    l->label_w - 6, y + group / 2 + 5);
		xml_text(b, c->labels[k], CHART_LABEL_MAX);
		buf_puts(b, "</text>");
		for (size_t i = 0; i < c->nseries; i++) {
			const struct chart_series *s = &c->series[i];
			int by = y + (int)i * (CHART_BAR_H + BAR_GAP);
			int len = chart_bar_len(s->values[k], l->max, l->plot);
			if (len > 0) {
				buf_printf(b,
				    "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
				    "height=\"%d\" ",
				    l->label_w, by, len, CHART_BAR_H);
				bar_fill(b, c->id, i);
				buf_puts(b, "/>");
			}
			buf_printf(b, "<text x=\"%d\" y=\"%d\">",
			    l->label_w + len + 4, by + CHART_BAR_H - 4);
			xml_text(b, value_text(s, k, tmp, sizeof(tmp)),
			    CHART_LABEL_MAX);
			buf_puts(b, "</text>");
		}
	}
}

int chart_bars(struct buf *out, const struct chart *c)
{
	if (c == NULL || !id_ok(c->id) || c->title == NULL || c->desc == NULL ||
	    c->nseries < 1 || c->nseries > CHART_SERIES_MAX ||
	    (c->n && c->labels == NULL))
		return -1;
	for (size_t i = 0; i < c->nseries; i++)
		if (c->n && c->series[i].values == NULL)
			return -1;
	struct layout l = measure(c);
	buf_printf(out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	    "role=\"img\" aria-labelledby=\"%s-title %s-desc\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "font-family=\"sans-serif\" font-size=\"13\" fill=\"#1b1f24\">",
	    c->id, c->id, CHART_WIDTH, l.height, CHART_WIDTH, l.height);
	buf_printf(out, "<title id=\"%s-title\">", c->id);
	xml_text(out, c->title, (size_t)-1);
	buf_printf(out, "</title><desc id=\"%s-desc\">", c->id);
	xml_text(out, c->desc, (size_t)-1);
	buf_puts(out, "</desc>");
	buf_printf(out,
	    "<defs><pattern id=\"%s-hatch\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" "
	    "fill=\"#ffffff\"/><rect width=\"3\" height=\"6\" "
	    "fill=\"#1b1f24\"/></pattern></defs>",
	    c->id);
	heading(out, c);
	legend(out, c);
	if (c->n == 0) {
		buf_printf(out,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
		    CHART_WIDTH / 2, l.top + l.row_h / 2 + 4);
		xml_text(out, c->empty ? c->empty : "", CHART_LABEL_MAX * 2);
		buf_puts(out, "</text>");
	} else {
		rows(out, c, &l);
	}
	buf_printf(out,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#1b1f24\"/></svg>",
	    l.label_w, l.top - 2, l.label_w, l.height - PAD + 2);
	return 0;
}
