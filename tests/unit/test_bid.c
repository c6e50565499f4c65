/* test_bid.c: the canonical text and hash of a bid, the completeness
 * check, the deadline rules and the opaque ids. */
#include <stdint.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/bid.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char SHA_A[] =
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/* A complete bid for lots 2 (bid price) and 1 (fixed price), given out of
 * order on purpose. */
static struct bid_lot lots_ok[2];
static struct bid_answer answers_ok[3];
static struct bid_req reqs_ok[2];

static struct bid_content fixture(void)
{
	struct bid_lot l[] = {
	    {12, 2, 0, 0, 3500, 2450, 3, "Puutyöpaja, Joensuu\nyksilöohjaus"},
	    {11, 1, 1, 1009, 0, 0, 6, "Kierrätys"},
	};
	struct bid_answer a[] = {
	    {23, 2, 1, "Sosionomi tukee viikoittain."},
	    {22, 1, 2, "Keskustassa, bussilla 5 min."},
	    {21, 1, 1, "Monipuolisia tehtäviä: 1:2"},
	};
	struct bid_req q[] = {
	    {32, 2, 0, 1, NULL},
	    {31, 1, 1, 1, SHA_A},
	};
	memcpy(lots_ok, l, sizeof(l));
	memcpy(answers_ok, a, sizeof(a));
	memcpy(reqs_ok, q, sizeof(q));
	struct bid_content b = {7, 2, lots_ok, 2, answers_ok, 3, reqs_ok, 2};
	return b;
}

/* The exact canonical text of the fixture; its SHA-256 was computed
 * outside the program (printf '...' | sha256sum). */
static const char CANONICAL[] =
    "paikka-bid 1\n"
    "tender 7\n"
    "org 2\n"
    "lot 1\n"
    "price 1009\n"
    "capacity 6\n"
    "work 10:Kierrätys\n"
    "answer 1 28:Monipuolisia tehtäviä: 1:2\n"
    "answer 2 28:Keskustassa, bussilla 5 min.\n"
    "lot 2\n"
    "price 2450\n"
    "capacity 3\n"
    "work 34:Puutyöpaja, Joensuu\nyksilöohjaus\n"
    "answer 1 28:Sosionomi tukee viikoittain.\n"
    "requirement 1 confirmed 1 attachment "
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n"
    "requirement 2 confirmed 1 attachment -\n";
static const char CANONICAL_SHA[] =
    "7f22256c6282308c79253432ceaa38699de8e0f69be250818b3be87eb6fb4646";

TEST(canonical_text_is_exact)
{
	struct bid_content b = fixture();
	struct buf out;
	buf_init(&out);
	bid_canonical(&b, &out);
	CHECK_STR(out.data, CANONICAL);
	buf_free(&out);
}

TEST(canonical_hash_is_exact)
{
	struct bid_content b = fixture();
	struct buf out;
	buf_init(&out);
	bid_canonical(&b, &out);
	char h[65];
	bid_hash(out.data, out.len, h);
	CHECK_STR(h, CANONICAL_SHA);
	buf_free(&out);
}

TEST(canonical_hash_of_empty_text)
{
	char h[65];
	bid_hash("", 0, h);
	CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	             "7852b855");
}

TEST(canonical_order_does_not_depend_on_input_order)
{
	struct bid_content b = fixture();
	/* Swap back into the other order. */
	struct bid_lot t = lots_ok[0];
	lots_ok[0] = lots_ok[1];
	lots_ok[1] = t;
	struct bid_answer ta = answers_ok[0];
	answers_ok[0] = answers_ok[2];
	answers_ok[2] = ta;
	struct buf out;
	buf_init(&out);
	bid_canonical(&b, &out);
	CHECK_STR(out.data, CANONICAL);
	buf_free(&out);
}

/* Moving text between two fields must change the text: the length
 * prefixes keep "a" + "b\nanswer 1 1:c" apart from "a\nanswer ..." */
TEST(canonical_text_is_unambiguous)
{
	struct bid_lot l1[] = {{1, 1, 1, 1009, 0, 0, 1, "a\nanswer 1 1:b"}};
	struct bid_answer a1[] = {{5, 1, 1, ""}};
	struct bid_lot l2[] = {{1, 1, 1, 1009, 0, 0, 1, "a"}};
	struct bid_answer a2[] = {{5, 1, 1, "b"}};
	struct bid_content b1 = {1, 1, l1, 1, a1, 1, NULL, 0};
	struct bid_content b2 = {1, 1, l2, 1, a2, 1, NULL, 0};
	struct buf x, y;
	buf_init(&x);
	buf_init(&y);
	bid_canonical(&b1, &x);
	bid_canonical(&b2, &y);
	CHECK(strcmp(x.data, y.data) != 0);
	CHECK(strstr(x.data, "work 14:a\nanswer 1 1:b\nanswer 1 0:\n") != NULL);
	buf_free(&x);
	buf_free(&y);
}

TEST(canonical_changes_with_every_field)
{
	struct buf base;
	buf_init(&base);
	struct bid_content b = fixture();
	bid_canonical(&b, &base);
	for (int field = 0; field < 7; field++) {
		b = fixture();
		switch (field) {
		case 0:
			b.tender_id = 8;
			break;
		case 1:
			b.org_id = 3;
			break;
		case 2:
			lots_ok[0].price_cents = 2451;
			break;
		case 3:
			lots_ok[1].capacity = 7;
			break;
		case 4:
			answers_ok[1].text = "Keskustassa, bussilla 6 min.";
			break;
		case 5:
			reqs_ok[0].confirmed = 0;
			break;
		case 6:
			reqs_ok[1].file_sha256 = NULL;
			break;
		}
		struct buf out;
		buf_init(&out);
		bid_canonical(&b, &out);
		if (strcmp(out.data, base.data) == 0)
			printf("# field %d does not change the text\n", field);
		CHECK(strcmp(out.data, base.data) != 0);
		buf_free(&out);
	}
	buf_free(&base);
}

TEST(withdraw_canonical_and_hash)
{
	struct buf out;
	buf_init(&out);
	bid_withdraw_canonical(1234567, 1795000000, &out);
	CHECK_STR(
	    out.data, "paikka-withdraw 1\nbid 1234567\ntime 1795000000\n");
	char h[65];
	bid_hash(out.data, out.len, h);
	CHECK_STR(h,
	    "fb54b2a1a4bc9d9a8fa4bc4bbe2a53dc76cb1b91e40b3d4acd8923314d550a58");
	buf_free(&out);
}

TEST(complete_bid_has_no_problems)
{
	struct bid_content b = fixture();
	struct bid_problem p[8];
	CHECK(bid_check(&b, p, LEN(p)) == 0);
}

/* One incomplete bid per row: what to break and the problem expected. */
struct incomplete {
	const char *name;
	void (*breakit)(struct bid_content *b);
	enum bid_problem_kind kind;
	size_t index;
};

static void no_lots(struct bid_content *b)
{
	b->nlots = 0;
}
static void no_price(struct bid_content *b)
{
	b->lots[0].price_cents = 0;
}
static void above_ceiling(struct bid_content *b)
{
	b->lots[0].price_cents = 3501;
}
static void capacity_zero(struct bid_content *b)
{
	b->lots[1].capacity = 0;
}
static void capacity_negative(struct bid_content *b)
{
	b->lots[0].capacity = -1;
}
static void capacity_too_big(struct bid_content *b)
{
	b->lots[0].capacity = BID_CAPACITY_MAX + 1;
}
static void work_blank(struct bid_content *b)
{
	b->lots[1].work = " \r\n\t";
}
static void answer_empty(struct bid_content *b)
{
	b->answers[2].text = "";
}
static void answer_blank(struct bid_content *b)
{
	b->answers[0].text = "\n\n ";
}
static void not_confirmed(struct bid_content *b)
{
	b->reqs[0].confirmed = 0;
}
static void no_attachment(struct bid_content *b)
{
	b->reqs[1].file_sha256 = NULL;
}
static void empty_attachment(struct bid_content *b)
{
	b->reqs[1].file_sha256 = "";
}

static const struct incomplete incompletes[] = {
    {"no lot", no_lots, BID_NO_LOT, 0},
    {"no price", no_price, BID_PRICE_MISSING, 0},
    {"above ceiling", above_ceiling, BID_PRICE_CEILING, 0},
    {"capacity 0", capacity_zero, BID_CAPACITY, 1},
    {"capacity -1", capacity_negative, BID_CAPACITY, 0},
    {"capacity too big", capacity_too_big, BID_CAPACITY, 0},
    {"work blank", work_blank, BID_WORK_MISSING, 1},
    {"answer empty", answer_empty, BID_ANSWER_MISSING, 2},
    {"answer blank", answer_blank, BID_ANSWER_MISSING, 0},
    {"not confirmed", not_confirmed, BID_NOT_CONFIRMED, 0},
    {"no attachment", no_attachment, BID_NO_ATTACHMENT, 1},
    {"empty attachment", empty_attachment, BID_NO_ATTACHMENT, 1},
};

TEST(incomplete_bids_name_their_problem)
{
	for (size_t i = 0; i < LEN(incompletes); i++) {
		struct bid_content b = fixture();
		incompletes[i].breakit(&b);
		struct bid_problem p[8];
		size_t n = bid_check(&b, p, LEN(p));
		if (n != 1 || p[0].kind != incompletes[i].kind ||
		    p[0].index != incompletes[i].index) {
			printf("# %s: %zu problems, first kind %d index %zu\n",
			    incompletes[i].name, n, n ? (int)p[0].kind : -1,
			    n ? p[0].index : 0);
			test_failed_now = 1;
		}
	}
}

TEST(price_at_ceiling_and_fixed_lot_without_price_pass)
{
	struct bid_content b = fixture();
	lots_ok[0].price_cents = 3500;
	lots_ok[1].price_cents = 0; /* fixed: the price is the fixed one */
	struct bid_problem p[4];
	CHECK(bid_check(&b, p, LEN(p)) == 0);
	lots_ok[0].ceiling_cents = 0; /* no ceiling */
	lots_ok[0].price_cents = 999999;
	CHECK(bid_check(&b, p, LEN(p)) == 0);
}

TEST(every_problem_is_counted_beyond_max)
{
	struct bid_content b = fixture();
	no_price(&b);
	capacity_zero(&b);
	answer_empty(&b);
	not_confirmed(&b);
	no_attachment(&b);
	struct bid_problem p[2];
	CHECK(bid_check(&b, p, LEN(p)) == 5);
	CHECK(p[0].kind == BID_PRICE_MISSING);
	CHECK(p[1].kind == BID_CAPACITY);
	/* An answer to a lot not chosen is not required. */
	b = fixture();
	b.nlots = 1;
	lots_ok[0].number = 2;
	answers_ok[1].text = "";
	struct bid_problem q[4];
	CHECK(bid_check(&b, q, LEN(q)) == 0);
}

TEST(deadline_rules)
{
	const int64_t d = 1800000000;
	static const struct {
		const char *status;
		int64_t now, deadline;
		int open;
	} rows[] = {
	    {"published", d - 3600, d, 1},
	    {"published", d - 1, d, 1},
	    {"published", d, d, 0}, /* at the deadline: late */
	    {"published", d + 1, d, 0},
	    {"published", d - 1, 0, 0}, /* no deadline: closed */
	    {"draft", d - 3600, d, 0},
	    {"opened", d - 3600, d, 0},
	    {"cancelled", d - 3600, d, 0},
	    {"awarded", d - 3600, d, 0},
	    {NULL, d - 3600, d, 0},
	};
	for (size_t i = 0; i < LEN(rows); i++)
		CHECK(bid_open(rows[i].status, rows[i].now, rows[i].deadline) ==
		      rows[i].open);
	CHECK(bid_questions_open("published", d - 1, d, d + 100));
	CHECK(!bid_questions_open("published", d, d, d + 100));
	CHECK(bid_questions_open("published", d + 50, 0, d + 100));
	CHECK(!bid_questions_open("draft", d - 1, d, d + 100));
}

TEST(opaque_ids_hide_counts_but_keep_order)
{
	int64_t now = 1795000000;
	int64_t a = bid_opaque_id(now, 0x12345, 0);
	CHECK(a == now * 1048576 + 0x12345);
	CHECK(a < (INT64_C(1) << 53));
	/* The same second with a smaller random part still sorts after. */
	int64_t b = bid_opaque_id(now, 0x00001, a);
	CHECK(b > a);
	CHECK(b <= a + 1 + 0x3ff);
	/* Ids stay below 10^18 (the route's 18 digits) and 2^53 until
	 * 2240. */
	CHECK(bid_opaque_id(INT64_C(8589934591), 0xfffff, 0) <
	      (INT64_C(1) << 53));
	CHECK(bid_opaque_id(-5, 7, 0) == 7);
}

TEST(text_normalise_line_ends)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"", ""},
	    {"a\r\nb", "a\nb"},
	    {"a\rb", "a\nb"},
	    {"a\r\r\nb\n", "a\n\nb\n"},
	    {"\r\n\r\n", "\n\n"},
	    {"ä\r\n", "ä\n"},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		char out[32];
		size_t n =
		    bid_text_normalise(rows[i].in, strlen(rows[i].in), out);
		CHECK_STR(out, rows[i].out);
		CHECK(n == strlen(rows[i].out));
	}
}

int main(void)
{
	RUN(canonical_text_is_exact);
	RUN(canonical_hash_is_exact);
	RUN(canonical_hash_of_empty_text);
	RUN(canonical_order_does_not_depend_on_input_order);
	RUN(canonical_text_is_unambiguous);
	RUN(canonical_changes_with_every_field);
	RUN(withdraw_canonical_and_hash);
	RUN(complete_bid_has_no_problems);
	RUN(incomplete_bids_name_their_problem);
	RUN(price_at_ceiling_and_fixed_lot_without_price_pass);
	RUN(every_problem_is_counted_beyond_max);
	RUN(deadline_rules);
	RUN(opaque_ids_hide_counts_but_keep_order);
	RUN(text_normalise_line_ends);
	return TEST_END();
}
