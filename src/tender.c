/* tender.c: the rules of a call for tender (see tender.h). */
#include <string.h>

#include "paikka/i18n.h"
#include "paikka/tender.h"
#include "paikka/valid.h"

unsigned lot_check(const struct lot_terms *l)
{
	unsigned e = LOT_OK;

	if (l->price_weight < 0 || l->price_weight > 100)
		e |= LOT_EWEIGHT;
	if (l->pricing == LOT_FIXED) {
		if (!l->has_price || l->fixed_price_cents <= 0)
			e |= LOT_EPRICE;
		if (l->price_weight != 0)
			e |= LOT_EFIXED_WEIGHT;
	} else if (l->has_ceiling && l->ceiling_cents <= 0) {
		e |= LOT_ECEILING;
	}
	if (!(e & LOT_EWEIGHT) && l->criteria_points >= 0 &&
	    l->price_weight + l->criteria_points > 100)
		e |= LOT_EOVER;
	return e;
}

/* Appends a problem when there is room; always counts it. */
static void add(struct tender_problem *out, size_t max, size_t *n,
    enum tender_problem_code code, int lot, int value)
{
	if (*n < max) {
		out[*n].code = code;
		out[*n].lot = lot;
		out[*n].value = value;
	}
	(*n)++;
}

static void contract_problems(const struct tender_terms *t,
    struct tender_problem *out, size_t max, size_t *n)
{
	const char *s = t->contract_start ? t->contract_start : "";
	const char *e = t->contract_end ? t->contract_end : "";

	if (!*s || !*e)
		add(out, max, n, TP_CONTRACT_PERIOD, 0, 0);
	/* ISO dates compare as strings. */
	else if (strcmp(s, e) >= 0)
		add(out, max, n, TP_CONTRACT_ORDER, 0, 0);
}

static void deadline_problems(const struct tender_terms *t,
    struct tender_problem *out, size_t max, size_t *n)
{
	if (t->questions_deadline <= 0)
		add(out, max, n, TP_QUESTIONS_DEADLINE, 0, 0);
	if (t->bids_deadline <= 0) {
		add(out, max, n, TP_BIDS_DEADLINE, 0, 0);
		return;
	}
	if (t->bids_deadline <= t->now)
		add(out, max, n, TP_BIDS_PAST, 0, 0);
	if (t->questions_deadline > 0 &&
	    t->questions_deadline >= t->bids_deadline)
		add(out, max, n, TP_QUESTIONS_AFTER_BIDS, 0, 0);
}

size_t tender_publish_problems(
    const struct tender_terms *t, struct tender_problem *out, size_t max)
{
	size_t n = 0;

	if (!t->has_title)
		add(out, max, &n, TP_TITLE, 0, 0);
	contract_problems(t, out, max, &n);
	deadline_problems(t, out, max, &n);
	if (t->nlots == 0)
		add(out, max, &n, TP_NO_LOTS, 0, 0);
	for (size_t i = 0; i < t->nlots; i++) {
		const struct lot_terms *l = &t->lots[i];
		int sum = l->price_weight + l->criteria_points;

		/* An over-100 sum is reported once, as a weights problem. */
		if (lot_check(l) & ~(unsigned)LOT_EOVER)
			add(out, max, &n, TP_LOT_PRICING, l->number, 0);
		if (sum != 100)
			add(out, max, &n, TP_LOT_WEIGHTS, l->number, sum);
		if (l->municipalities <= 0)
			add(out, max, &n, TP_LOT_MUNICIPALITY, l->number, 0);
	}
	return n;
}

enum amend_err tender_amend_check(
    int64_t now, int64_t current, int64_t proposed)
{
	if (current <= now)
		return AMEND_ECLOSED;
	if (proposed == 0)
		return AMEND_OK;
	if (proposed <= now)
		return AMEND_EPAST;
	if (proposed <= current)
		return AMEND_ESHORTER;
	return AMEND_OK;
}

int64_t tender_deadline_parse(const char *date, const char *clock)
{
	int y, mo, d, h, mi;
	int has_date = date && *date, has_clock = clock && *clock;

	if (!has_date && !has_clock)
		return 0;
	if (!has_date || !valid_date(date, &y, &mo, &d))
		return -1;
	if (!has_clock || !valid_clock(clock, &h, &mi))
		return -2;
	int64_t t = helsinki_to_utc(y, mo, d, h, mi);
	return t < 0 ? -1 : t;
}

int tender_date_iso(const char *s, char out[11])
{
	int y, m, d;

	out[0] = '\0';
	if (s == NULL || *s == '\0')
		return 0;
	if (!valid_date(s, &y, &m, &d))
		return -1;
	/* valid_date keeps the year within 1900-2200. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}
