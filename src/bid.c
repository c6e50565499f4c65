/* bid.c: the rules of a bid: deadline, completeness, the canonical text
 * and its hash (the format is described in bid.h). */
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/bid.h"
#include "paikka/files.h"

static int cmp_lot(const void *a, const void *b)
{
	const struct bid_lot *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

static int cmp_answer(const void *a, const void *b)
{
	const struct bid_answer *x = a, *y = b;
	if (x->lot_number != y->lot_number)
		return (x->lot_number > y->lot_number) -
		       (x->lot_number < y->lot_number);
	return (x->number > y->number) - (x->number < y->number);
}

static int cmp_req(const void *a, const void *b)
{
	const struct bid_req *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

void bid_sort(struct bid_content *b)
{
	if (b->nlots)
		qsort(b->lots, b->nlots, sizeof(*b->lots), cmp_lot);
	if (b->nanswers)
		qsort(b->answers, b->nanswers, sizeof(*b->answers), cmp_answer);
	if (b->nreqs)
		qsort(b->reqs, b->nreqs, sizeof(*b->reqs), cmp_req);
}

/* "<bytes>:<text>" */
static void put_text(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	buf_printf(out, "%zu:", n);
	buf_add(out, s, n);
}

void bid_canonical(struct bid_content *b, struct buf *out)
{
	bid_sort(b);
	buf_printf(out, "paikka-bid 1\ntender %lld\norg %lld\n",
	    (long long)b->tender_id, (long long)b->org_id);
	size_t a = 0;
	for (size_t i = 0; i < b->nlots; i++) {
		const struct bid_lot *l = &b->lots[i];
		buf_printf(out, "lot %d\nprice %lld\ncapacity %lld\nwork ",
		    l->number,
		    (long long)(l->fixed ? l->fixed_cents : l->price_cents),
		    (long long)l->capacity);
		put_text(out, l->work);
		buf_putc(out, '\n');
		/* Answers are sorted by lot number too; skip any whose lot
		 * was not chosen. */
		while (a < b->nanswers && b->answers[a].lot_number < l->number)
			a++;
		for (; a < b->nanswers && b->answers[a].lot_number == l->number;
		     a++) {
			buf_printf(out, "answer %d ", b->answers[a].number);
			put_text(out, b->answers[a].text);
			buf_putc(out, '\n');
		}
	}
	for (size_t i = 0; i < b->nreqs; i++) {
		const struct bid_req *q = &b->reqs[i];
		buf_printf(out, "requirement %d confirmed %d attachment %s\n",
		    q->number, q->confirmed ? 1 : 0,
		    q->file_sha256 && *q->file_sha256 ? q->file_sha256 : "-");
	}
}

void bid_withdraw_canonical(int64_t bid_id, int64_t t, struct buf *out)
{
	buf_printf(out, "paikka-withdraw 1\nbid %lld\ntime %lld\n",
	    (long long)bid_id, (long long)t);
}

void bid_hash(const char *text, size_t len, char out[65])
{
	file_sha256(text, len, out);
}

static int blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static void add(struct bid_problem *out, size_t max, size_t *n,
    enum bid_problem_kind kind, size_t index)
{
	if (*n < max) {
		out[*n].kind = kind;
		out[*n].index = index;
	}
	(*n)++;
}

/* 1 when the answer belongs to a chosen lot. */
static int answer_counts(
    const struct bid_content *b, const struct bid_answer *a)
{
	for (size_t i = 0; i < b->nlots; i++)
		if (b->lots[i].number == a->lot_number)
			return 1;
	return 0;
}

size_t bid_check(
    const struct bid_content *b, struct bid_problem *out, size_t max)
{
	size_t n = 0;
	if (b->nlots == 0)
		add(out, max, &n, BID_NO_LOT, 0);
	for (size_t i = 0; i < b->nlots; i++) {
		const struct bid_lot *l = &b->lots[i];
		if (!l->fixed && l->price_cents <= 0)
			add(out, max, &n, BID_PRICE_MISSING, i);
		else if (!l->fixed && l->ceiling_cents > 0 &&
		         l->price_cents > l->ceiling_cents)
			add(out, max, &n, BID_PRICE_CEILING, i);
		if (l->capacity < 1 || l->capacity > BID_CAPACITY_MAX)
			add(out, max, &n, BID_CAPACITY, i);
		if (blank(l->work))
			add(out, max, &n, BID_WORK_MISSING, i);
	}
	for (size_t i = 0; i < b->nanswers; i++)
		if (answer_counts(b, &b->answers[i]) &&
		    blank(b->answers[i].text))
			add(out, max, &n, BID_ANSWER_MISSING, i);
	for (size_t i = 0; i < b->nreqs; i++) {
		const struct bid_req *q = &b->reqs[i];
		if (!q->confirmed)
			add(out, max, &n, BID_NOT_CONFIRMED, i);
		if (q->needs_attachment &&
		    (q->file_sha256 == NULL || q->file_sha256[0] == '\0'))
			add(out, max, &n, BID_NO_ATTACHMENT, i);
	}
	return n;
}

int bid_open(const char *status, int64_t now, int64_t deadline)
{
	return status && strcmp(status, "published") == 0 && deadline > 0 &&
	       now < deadline;
}

int bid_questions_open(const char *status, int64_t now,
    int64_t questions_deadline, int64_t bids_deadline)
{
	return bid_open(status, now,
	    questions_deadline > 0 ? questions_deadline : bids_deadline);
}

int64_t bid_opaque_id(int64_t now, uint32_t random, int64_t floor)
{
	int64_t id = (now > 0 ? now : 0) * (INT64_C(1) << 20) +
	             (int64_t)(random & 0xfffff);
	if (id <= floor)
		id = floor + 1 + (int64_t)(random & 0x3ff);
	return id;
}

size_t bid_text_normalise(const char *text, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
			continue;
		}
		out[n++] = text[i];
	}
	out[n] = '\0';
	return n;
}
