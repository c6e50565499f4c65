/* test_chart.c: the SVG bar charts (chart.c): well-formed XML with the
 * SVG namespace, role="img" labelled by its title and desc, every text
 * escaped, bar lengths proportional to the values, zero and empty data,
 * long and broken labels, several series told apart without colour, and
 * bad arguments refused. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/chart.h"
#include "test.h"

/* Parses the chart; the document, or NULL when it is not well-formed. */
static xmlDocPtr parse(const struct buf *b)
{
	return xmlReadMemory(b->data, (int)b->len, "chart.svg", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The text content of n, compared with want. */
static int text_is(xmlNodePtr n, const char *want)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	int ok = t && strcmp((const char *)t, want) == 0;
	if (!ok)
		printf("# text: \"%s\", want \"%s\"\n",
		    t ? (char *)t : "(none)", want);
	xmlFree(t);
	return ok;
}

static int attr_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	int ok = v && strcmp((const char *)v, want) == 0;
	xmlFree(v);
	return ok;
}

/* The widths of the bars (rects CHART_BAR_H high outside the legend
 * and the pattern), in document order, into w; returns how many. */
static int bar_widths(xmlNodePtr svg, int *w, int max)
{
	int n = 0;
	char h[16];
	snprintf(h, sizeof(h), "%d", CHART_BAR_H);
	for (xmlNodePtr c = svg->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "rect") != 0 ||
		    !attr_is(c, "height", h))
			continue;
		xmlChar *v = xmlGetProp(c, (const xmlChar *)"width");
		if (v && n < max)
			w[n++] = atoi((const char *)v);
		xmlFree(v);
	}
	return n;
}

TEST(bar_length)
{
	CHECK(chart_bar_len(10, 40, 400) == 100);
	CHECK(chart_bar_len(40, 40, 400) == 400);
	CHECK(chart_bar_len(50, 40, 400) == 400);
	CHECK(chart_bar_len(1, 3, 100) == 33);
	CHECK(chart_bar_len(2, 3, 100) == 67);
	CHECK(chart_bar_len(0, 40, 400) == 0);
	CHECK(chart_bar_len(-5, 40, 400) == 0);
	CHECK(chart_bar_len(5, 0, 400) == 0);
	CHECK(chart_bar_len(INT64_MAX / 2, INT64_MAX, 500) == 250);
}

TEST(accessible_and_escaped)
{
	const char *labels[] = {"A & B <ry>", "\"Quoted\" 'x'", "Tab\there"};
	int64_t v[] = {10, 20, 40};
	const char *texts[] = {"10 €", "20 €", "<40>"};
	struct chart_series s = {"Days", v, texts};
	struct chart c = {"ch-1", "Days & <clients>", "Desc \"with\" 'quotes'",
	    labels, 3, &s, 1, ""};
	struct buf b;
	buf_init(&b);
	CHECK(chart_bars(&b, &c) == 0);
	CHECK(strstr(b.data, "A &amp; B &lt;ry&gt;") != NULL);
	CHECK(strstr(b.data, "&quot;Quoted&quot; &#39;x&#39;") != NULL);
	CHECK(strstr(b.data, "Tab here") != NULL);
	CHECK(strstr(b.data, "&lt;40&gt;") != NULL);
	CHECK(strstr(b.data, "<clients>") == NULL);
	xmlDocPtr doc = parse(&b);
	CHECK(doc != NULL);
	xmlNodePtr svg = doc ? xmlDocGetRootElement(doc) : NULL;
	CHECK(svg && strcmp((const char *)svg->name, "svg") == 0);
	CHECK(svg && svg->ns &&
	      strcmp((const char *)svg->ns->href,
	          "http://www.w3.org/2000/svg") == 0);
	CHECK(attr_is(svg, "role", "img"));
	CHECK(attr_is(svg, "aria-labelledby", "ch-1-title ch-1-desc"));
	xmlNodePtr title = child(svg, "title"), desc = child(svg, "desc");
	CHECK(title && desc);
	CHECK(attr_is(title, "id", "ch-1-title"));
	CHECK(attr_is(desc, "id", "ch-1-desc"));
	CHECK(text_is(title, "Days & <clients>"));
	CHECK(text_is(desc, "Desc \"with\" 'quotes'"));
	/* The title comes first, so it is the accessible name. */
	CHECK(svg && child(svg, "title") == xmlFirstElementChild(svg));
	/* Bars proportional to the values: 10, 20, 40. */
	int w[8];
	int n = svg ? bar_widths(svg, w, 8) : 0;
	CHECK(n == 3);
	if (n == 3) {
		CHECK(w[2] > 100);
		CHECK(w[1] * 2 == w[2] || w[1] * 2 == w[2] + 1);
		CHECK(w[0] * 4 >= w[2] - 2 && w[0] * 4 <= w[2] + 2);
	}
	xmlFreeDoc(doc);
	buf_free(&b);
}

TEST(zero_and_empty)
{
	const char *labels[] = {"2026-01", "2026-02"};
	int64_t v[] = {0, 0};
	struct chart_series s = {"Days", v, NULL};
	struct chart c = {"z", "T", "D", labels, 2, &s, 1, ""};
	struct buf b;
	buf_init(&b);
	CHECK(chart_bars(&b, &c) == 0);
	xmlDocPtr doc = parse(&b);
	CHECK(doc != NULL);
	int w[4];
	CHECK(doc && bar_widths(xmlDocGetRootElement(doc), w, 4) == 0);
	CHECK(strstr(b.data, ">0</text>") != NULL);
	xmlFreeDoc(doc);
	/* No categories at all: the empty text, still valid. */
	buf_reset(&b);
	struct chart e = {"e", "T", "D", NULL, 0, &s, 1, "No data & more"};
	CHECK(chart_bars(&b, &e) == 0);
	CHECK(strstr(b.data, "No data &amp; more") != NULL);
	doc = parse(&b);
	CHECK(doc != NULL);
	xmlFreeDoc(doc);
	buf_free(&b);
}

TEST(long_and_broken_labels)
{
	char longl[200];
	memset(longl, 'x', sizeof(longl) - 1);
	longl[sizeof(longl) - 1] = '\0';
	const char *labels[] = {longl, "\xff\xfe broken", "Äänekoski ääää"};
	int64_t v[] = {1, 2, 3};
	struct chart_series s = {"N", v, NULL};
	struct chart c = {"l", "T", "D", labels, 3, &s, 1, ""};
	struct buf b;
	buf_init(&b);
	CHECK(chart_bars(&b, &c) == 0);
	/* 39 characters and "…" between the tags. */
	char cut[64];
	cut[0] = '>';
	memset(cut + 1, 'x', CHART_LABEL_MAX - 1);
	strcpy(cut + CHART_LABEL_MAX, "\xe2\x80\xa6<");
	CHECK(strstr(b.data, cut) != NULL);
	CHECK(strstr(b.data, "\xff") == NULL);
	CHECK(strstr(b.data, "Äänekoski ääää") != NULL);
	xmlDocPtr doc = parse(&b);
	CHECK(doc != NULL);
	xmlFreeDoc(doc);
	buf_free(&b);
}

TEST(series_told_apart)
{
	const char *labels[] = {"Jan", "Feb"};
	int64_t a[] = {5, 0}, e[] = {8, 8}, z[] = {1, 2};
	struct chart_series s[3] = {
	    {"Approved", a, NULL}, {"Estimate", e, NULL}, {"Third", z, NULL}};
	struct chart c = {"s", "T", "D", labels, 2, s, 3, ""};
	struct buf b;
	buf_init(&b);
	CHECK(chart_bars(&b, &c) == 0);
	/* A legend naming each series, the hatch pattern in use, and an
	 * outlined light fill for the third. */
	CHECK(strstr(b.data, ">Approved</text>") != NULL);
	CHECK(strstr(b.data, ">Estimate</text>") != NULL);
	CHECK(strstr(b.data, "<pattern id=\"s-hatch\"") != NULL);
	CHECK(strstr(b.data, "fill=\"url(#s-hatch)\"") != NULL);
	CHECK(strstr(b.data, "fill=\"#d0d6dc\" stroke=") != NULL);
	xmlDocPtr doc = parse(&b);
	CHECK(doc != NULL);
	int w[8];
	/* Five bars: Jan's approved, estimate, third; Feb's estimate and
	 * third (Feb's approved is 0 and draws none). */
	CHECK(doc && bar_widths(xmlDocGetRootElement(doc), w, 8) == 5);
	xmlFreeDoc(doc);
	buf_free(&b);
}

TEST(bad_arguments)
{
	const char *labels[] = {"a"};
	int64_t v[] = {1};
	struct chart_series s = {"N", v, NULL};
	struct chart ok = {"id", "T", "D", labels, 1, &s, 1, ""};
	struct buf b;
	buf_init(&b);
	struct chart c = ok;
	c.id = "bad id\"";
	CHECK(chart_bars(&b, &c) == -1);
	c = ok;
	c.id = "";
	CHECK(chart_bars(&b, &c) == -1);
	c = ok;
	c.title = NULL;
	CHECK(chart_bars(&b, &c) == -1);
	c = ok;
	c.desc = NULL;
	CHECK(chart_bars(&b, &c) == -1);
	c = ok;
	c.nseries = 0;
	CHECK(chart_bars(&b, &c) == -1);
	c = ok;
	c.nseries = CHART_SERIES_MAX + 1;
	CHECK(chart_bars(&b, &c) == -1);
	struct chart_series nov = {"N", NULL, NULL};
	c = ok;
	c.series = &nov;
	CHECK(chart_bars(&b, &c) == -1);
	CHECK(b.len == 0);
	CHECK(chart_bars(&b, &ok) == 0);
	buf_free(&b);
}

int main(void)
{
	RUN(bar_length);
	RUN(accessible_and_escaped);
	RUN(zero_and_empty);
	RUN(long_and_broken_labels);
	RUN(series_told_apart);
	RUN(bad_arguments);
	xmlCleanupParser();
	return TEST_END();
}
