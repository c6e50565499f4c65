/* place.c: the rules of a work-activity place (see place.h). */
#include <string.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/http.h"
#include "paikka/place.h"
#include "paikka/valid.h"

const struct place_task place_tasks[] = {
    {"kitchen", "keittiötyö", "köksarbete", "kitchen work"},
    {"carpentry", "puutyö", "snickeri", "carpentry"},
    {"textiles", "tekstiilityö", "textilarbete", "textiles"},
    {"cleaning", "siivous", "städning", "cleaning"},
    {"outdoor", "ulkotyö", "utomhusarbete", "outdoor work"},
    {"warehouse", "varastotyö", "lagerarbete", "warehouse work"},
    {"office", "toimistotyö", "kontorsarbete", "office work"},
    {"library", "kirjastotyö", "biblioteksarbete", "library work"},
};
const size_t place_ntasks = sizeof(place_tasks) / sizeof(place_tasks[0]);

const struct place_code place_weekdays[7] = {
    {"mon", N_("Monday"), N_("Mon")},
    {"tue", N_("Tuesday"), N_("Tue")},
    {"wed", N_("Wednesday"), N_("Wed")},
    {"thu", N_("Thursday"), N_("Thu")},
    {"fri", N_("Friday"), N_("Fri")},
    {"sat", N_("Saturday"), N_("Sat")},
    {"sun", N_("Sunday"), N_("Sun")},
};

const struct place_code place_languages[3] = {
    {"fi", N_("Finnish"), N_("Finnish")},
    {"sv", N_("Swedish"), N_("Swedish")},
    {"en", N_("English"), N_("English")},
};

const struct place_task *place_task_find(const char *code)
{
	for (size_t i = 0; code && i < place_ntasks; i++)
		if (strcmp(place_tasks[i].code, code) == 0)
			return &place_tasks[i];
	return NULL;
}

const char *place_task_name(const struct place_task *t, enum lang l)
{
	return l == LANG_SV ? t->sv : l == LANG_EN ? t->en : t->fi;
}

int place_tasks_has(const char *codes, const char *code)
{
	size_t n = strlen(code);
	const char *p = codes;
	while (n > 0 && (p = strstr(p, code)) != NULL) {
		int starts = p == codes || p[-1] == ' ';
		int ends = p[n] == '\0' || p[n] == ' ';
		if (starts && ends)
			return 1;
		p += n;
	}
	return 0;
}

unsigned place_code_bit(
    const struct place_code *table, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(table[i].code, code) == 0)
			return 1u << i;
	return 0;
}

int place_bits_from_form(const struct http_form *f, const char *name,
    const struct place_code *table, size_t n, unsigned *bits)
{
	int rc = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].name, name) != 0)
			continue;
		unsigned bit = place_code_bit(table, n, f->fields[i].value);
		if (bit == 0)
			rc = -1;
		*bits |= bit;
	}
	return rc;
}

int place_tasks_from_form(
    const struct http_form *f, const char *name, struct buf *out)
{
	int rc = 0;
	unsigned long checked = 0;
	buf_reset(out);
	buf_puts(out, "");
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].name, name) != 0)
			continue;
		const struct place_task *t =
		    place_task_find(f->fields[i].value);
		if (t == NULL)
			rc = -1;
		else
			checked |= 1ul << (t - place_tasks);
	}
	for (size_t i = 0; i < place_ntasks; i++) {
		if (!(checked & (1ul << i)))
			continue;
		if (out->len)
			buf_putc(out, ' ');
		buf_puts(out, place_tasks[i].code);
	}
	return rc;
}

int place_form_allowed(const char *contract_form, const char *place_form)
{
	static const char *const forms[] = {"individual", "group", "both"};
	int known = 0;
	for (size_t i = 0; i < 3; i++)
		known |= strcmp(place_form, forms[i]) == 0;
	if (!known)
		return 0;
	return strcmp(contract_form, "both") == 0 ||
	       strcmp(contract_form, place_form) == 0;
}

/* --- validation ------------------------------------------------------- */

struct errs {
	struct place_error *e;
	size_t max;
	size_t n;
};

static void add_error(struct errs *es, const char *field, const char *message)
{
	if (es->n < es->max) {
		es->e[es->n].field = field;
		es->e[es->n].message = message;
	}
	es->n++;
}

static int line_ok(const char *s, size_t min, size_t max)
{
	return valid_line(s, strlen(s), min, max);
}

static int text_ok(const char *s, size_t max)
{
	return valid_text(s, strlen(s), 0, max);
}

/* Digits, spaces and + - ( ), with at least five digits. */
static int phone_ok(const char *s)
{
	int digits = 0;
	if (strlen(s) > PLACE_PHONE_MAX)
		return 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr(" +-()", *s))
			return 0;
	}
	return digits >= 5;
}

static void check_texts(const struct place_input *in, struct errs *es)
{
	if (!line_ok(in->title, 1, PLACE_TITLE_MAX))
		add_error(es, "title",
		    N_("Write a title of 1 to 200 characters on one line."));
	if (!text_ok(in->description, PLACE_DESCRIPTION_MAX))
		add_error(
		    es, "description", N_("Write at most 10 000 characters."));
	if (!line_ok(in->task_words, 0, PLACE_TASK_WORDS_MAX))
		add_error(es, "task_words",
		    N_("Write at most 500 characters on one line."));
	if (!line_ok(in->street_address, 0, PLACE_ADDRESS_MAX))
		add_error(es, "street_address",
		    N_("Write at most 200 characters on one line."));
}

static void check_numbers(
    const struct place_input *in, struct place_numbers *out, struct errs *es)
{
	int64_t lo = 0, hi = 0, cap = 0;
	if (in->weekdays == 0 || in->weekdays > 127)
		add_error(es, "weekdays", N_("Choose at least one weekday."));
	int lo_ok =
	    valid_int(in->hours_min, PLACE_HOURS_MIN, PLACE_HOURS_MAX, &lo);
	int hi_ok =
	    valid_int(in->hours_max, PLACE_HOURS_MIN, PLACE_HOURS_MAX, &hi);
	if (!lo_ok)
		add_error(es, "hours_min",
		    N_("Write the hours per day as a whole number from 4 to "
		       "6."));
	if (!hi_ok)
		add_error(es, "hours_max",
		    N_("Write the hours per day as a whole number from 4 to "
		       "6."));
	else if (lo_ok && lo > hi)
		add_error(es, "hours_max",
		    N_("The longest day cannot be shorter than the shortest "
		       "day."));
	if (!valid_int(in->capacity, 1, PLACE_CAPACITY_MAX, &cap))
		add_error(es, "capacity",
		    N_("Write how many clients can come at the same time, a "
		       "whole number from 1 to 1000."));
	if (in->languages == 0 || in->languages > 7)
		add_error(es, "languages", N_("Choose at least one language."));
	out->hours_min = (int)lo;
	out->hours_max = (int)hi;
	out->capacity = (int)cap;
}

static void check_contact(const struct place_input *in, struct errs *es)
{
	if (!text_ok(in->accessibility, PLACE_ACCESSIBILITY_MAX))
		add_error(
		    es, "accessibility", N_("Write at most 2 000 characters."));
	if (!line_ok(in->contact_name, 1, PLACE_CONTACT_MAX))
		add_error(es, "contact_name",
		    N_("Write the contact person's name (1 to 200 "
		       "characters)."));
	const char *phone = in->contact_phone, *email = in->contact_email;
	if (*phone && !phone_ok(phone))
		add_error(es, "contact_phone",
		    N_("Write a phone number with digits, spaces and + - ( "
		       "), e.g. 040 123 4567."));
	else if (!*phone && !*email)
		add_error(es, "contact_phone",
		    N_("Give a phone number or an e-mail address, or "
		       "both."));
	if (*email && !valid_email(email))
		add_error(es, "contact_email",
		    N_("Write an e-mail address like name@example.fi."));
}

size_t place_validate(const struct place_input *in, struct place_numbers *out,
    struct place_error *errs, size_t max)
{
	struct errs es = {errs, max, 0};
	struct place_numbers nums = {0, 0, 0};
	check_texts(in, &es);
	check_numbers(in, &nums, &es);
	check_contact(in, &es);
	if (es.n == 0)
		*out = nums;
	return es.n;
}

/* --- the full-text row ------------------------------------------------ */

void place_fts_tasks(struct buf *out, const char *codes, const char *words)
{
	size_t start = out->len;
	for (size_t i = 0; i < place_ntasks; i++) {
		const struct place_task *t = &place_tasks[i];
		if (!place_tasks_has(codes, t->code))
			continue;
		buf_printf(out, "%s%s %s %s", out->len > start ? " " : "",
		    t->fi, t->sv, t->en);
	}
	if (words && *words)
		buf_printf(out, "%s%s", out->len > start ? " " : "", words);
	buf_puts(out, "");
}

static const char SQL_FTS_PLACE[] =
    "SELECT p.title, p.description, p.tasks, p.task_words, m.name_fi, "
    "m.name_sv, 'm' || p.municipality_id || ' s' || p.service_type_id || "
    "' m' || p.municipality_id || 's' || p.service_type_id "
    "FROM places p JOIN municipalities m ON m.id = p.municipality_id "
    "WHERE p.id = ?";
static const char SQL_FTS_DELETE[] = "DELETE FROM places_fts WHERE rowid = ?";
static const char SQL_FTS_INSERT[] =
    "INSERT INTO places_fts(rowid, title, description, tasks, "
    "municipality, facets) VALUES (?, ?, ?, ?, ?, ?)";

int place_fts_delete(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FTS_DELETE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int place_fts_sync(sqlite3 *db, int64_t id)
{
	if (place_fts_delete(db, id))
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_FTS_PLACE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	struct buf tasks, muni;
	buf_init(&tasks);
	buf_init(&muni);
	place_fts_tasks(&tasks, db_col_text(st, 2), db_col_text(st, 3));
	const char *fi = db_col_text(st, 4), *sv = db_col_text(st, 5);
	buf_printf(&muni, "%s%s%s", fi, strcmp(fi, sv) ? " " : "",
	    strcmp(fi, sv) ? sv : "");
	sqlite3_stmt *ins = db_stmt(db, SQL_FTS_INSERT);
	int rc = -1;
	if (ins != NULL) {
		db_bind_int(ins, 1, id);
		db_bind_text(ins, 2, db_col_text(st, 0));
		db_bind_text(ins, 3, db_col_text(st, 1));
		db_bind_text(ins, 4, tasks.data);
		db_bind_text(ins, 5, muni.data);
		db_bind_text(ins, 6, db_col_text(st, 6));
		rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(ins);
	}
	sqlite3_reset(st);
	buf_free(&tasks);
	buf_free(&muni);
	return rc;
}

/* --- the MATCH expression --------------------------------------------- */

/* Decodes the code point at s (valid UTF-8, n > 0 bytes left) into *cp;
 * returns its length in bytes. */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
	if (s[0] < 0x80 || n < 2) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xE0) {
		*cp = ((s[0] & 0x1Ful) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (s[0] < 0xF0 && n >= 3) {
		*cp = ((s[0] & 0x0Ful) << 12) | ((s[1] & 0x3Ful) << 6) |
		      (s[2] & 0x3Fu);
		return 3;
	}
	if (n >= 4) {
		*cp = ((s[0] & 0x07ul) << 18) | ((s[1] & 0x3Ful) << 12) |
		      ((s[2] & 0x3Ful) << 6) | (s[3] & 0x3Fu);
		return 4;
	}
	*cp = s[0];
	return 1;
}

/* Non-ASCII code points that separate words: Latin-1 punctuation and
 * symbols (and NBSP), × and ÷, general punctuation, symbols and arrows,
 * CJK and full-width punctuation, specials and emoji. Everything else
 * beyond ASCII counts as a letter, as unicode61 does for letters, digits
 * and combining marks; a rare symbol taken for a letter only makes that
 * word match nothing, never an error. */
static int is_word_char(unsigned long cp)
{
	static const struct {
		unsigned long lo, hi;
	} seps[] = {
	    {0x80, 0xBF},
	    {0xD7, 0xD7},
	    {0xF7, 0xF7},
	    {0x2000, 0x2BFF},
	    {0x2E00, 0x2E7F},
	    {0x3000, 0x303F},
	    {0xFE10, 0xFE1F},
	    {0xFE30, 0xFE6F},
	    {0xFEFF, 0xFEFF},
	    {0xFF01, 0xFF0F},
	    {0xFF1A, 0xFF20},
	    {0xFF3B, 0xFF40},
	    {0xFF5B, 0xFF65},
	    {0xFFF0, 0xFFFF},
	    {0x1F000, 0x1FAFF},
	    {0xE0000, 0xE007F},
	};
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		if (cp >= seps[i].lo && cp <= seps[i].hi)
			return 0;
	return 1;
}

enum place_query_err place_match_build(
    const char *s, size_t len, struct buf *out, int *words)
{
	buf_reset(out);
	buf_puts(out, "");
	if (words)
		*words = 0;
	if (s == NULL)
		return PLACE_QUERY_EMPTY;
	if (len > 4 * PLACE_QUERY_MAX_CHARS)
		return PLACE_QUERY_TOO_LONG;
	if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL)
		return PLACE_QUERY_BAD_UTF8;
	if (utf8_len(s, len) > PLACE_QUERY_MAX_CHARS)
		return PLACE_QUERY_TOO_LONG;
	const unsigned char *u = (const unsigned char *)s;
	int n = 0, in_word = 0;
	for (size_t i = 0; i < len;) {
		unsigned long cp;
		size_t k = utf8_next(u + i, len - i, &cp);
		if (is_word_char(cp)) {
			if (!in_word) {
				buf_puts(out, n ? "* AND \"" : "\"");
				n++;
				in_word = 1;
			}
			/* Word characters never include '"'. */
			buf_add(out, s + i, k);
		} else if (in_word) {
			buf_putc(out, '"');
			in_word = 0;
		}
		i += k;
	}
	if (in_word)
		buf_putc(out, '"');
	if (n)
		buf_putc(out, '*');
	if (words)
		*words = n;
	if (n == 0 || n > PLACE_QUERY_MAX_WORDS) {
		buf_reset(out);
		buf_puts(out, "");
		return n == 0 ? PLACE_QUERY_EMPTY : PLACE_QUERY_TOO_MANY;
	}
	return PLACE_QUERY_OK;
}
