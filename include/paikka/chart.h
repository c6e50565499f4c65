/* chart.h: bar charts drawn on the server as inline SVG.
 *
 * A chart is a list of categories (rows) with one to three series of
 * values; each category becomes a row of horizontal bars with its label
 * on the left and each bar's value written after its end, so the numbers
 * are readable without telling shades apart. Series differ by more than
 * colour: a dark solid fill, a diagonal hatch and a light fill with an
 * outline, named in a legend. The <svg> has role="img" and is labelled by
 * its <title> and <desc> (aria-labelledby); the page shows the same
 * numbers in a table beside it. Every text is XML-escaped, control
 * characters become spaces and long category labels are shortened with
 * "…" (the table has them in full). The output is well-formed XML with
 * the SVG namespace, so it can also be served on its own. */
#ifndef PAIKKA_CHART_H
#define PAIKKA_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "paikka/arena.h"

enum {
	CHART_SERIES_MAX = 3,
	CHART_WIDTH = 640,    /* viewBox width */
	CHART_BAR_H = 16,     /* one bar's height */
	CHART_LABEL_MAX = 40, /* category label code points before "…" */
};

struct chart_series {
	const char *name;         /* the legend text */
	const int64_t *values;    /* one per category; < 0 draws no bar */
	const char *const *texts; /* the value labels; NULL: the numbers */
};

struct chart {
	const char *id; /* prefix of the element ids: [A-Za-z0-9_-], unique
	                   in the page */
	const char *title;
	const char *desc;
	const char *const *labels; /* n category labels */
	size_t n;
	const struct chart_series *series;
	size_t nseries;    /* 1..CHART_SERIES_MAX */
	const char *empty; /* the text drawn when n is 0 */
};

/* The length in pixels of a bar of value v when a bar of value max is
 * plot pixels long: round(v × plot / max); 0 when v or max is not
 * positive, plot when v > max. */
int chart_bar_len(int64_t v, int64_t max, int plot);

/* Appends the chart's <svg> element to out. Returns 0, or -1 (nothing
 * written) when the id is empty or not [A-Za-z0-9_-], the title or desc
 * is missing, nseries is not 1..CHART_SERIES_MAX or a series has no
 * values while n > 0. */
int chart_bars(struct buf *out, const struct chart *c);

#endif
