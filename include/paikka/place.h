/* place.h: the rules of a work-activity place, with no HTTP in them: the
 * list of work tasks with their Finnish, Swedish and English names, the
 * weekday and language bit sets and their form values, checking a place
 * form, the full-text row of a place and keeping places_fts in step, and
 * turning a user's search words into a safe FTS5 MATCH expression.
 *
 * Bit sets (as in sql/0004-contracts.sql): weekdays Monday = 1 ..
 * Sunday = 64; languages Finnish = 1, Swedish = 2, English = 4. Tasks are
 * stored as a space-separated list of task codes in list order
 * ("kitchen carpentry"). */
#ifndef PAIKKA_PLACE_H
#define PAIKKA_PLACE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "paikka/i18n.h"

struct buf;
struct http_form;

/* Limits of a place's fields; texts in characters (code points). */
enum {
	PLACE_TITLE_MAX = 200,
	PLACE_DESCRIPTION_MAX = 10000,
	PLACE_TASK_WORDS_MAX = 500,
	PLACE_ADDRESS_MAX = 200,
	PLACE_ACCESSIBILITY_MAX = 2000,
	PLACE_CONTACT_MAX = 200,
	PLACE_PHONE_MAX = 40,
	PLACE_HOURS_MIN = 4,
	PLACE_HOURS_MAX = 6,
	PLACE_CAPACITY_MAX = 1000,
	/* Search: at most this many characters and words. */
	PLACE_QUERY_MAX_CHARS = 200,
	PLACE_QUERY_MAX_WORDS = 10,
	/* Search results per page. */
	PLACE_PAGE_SIZE = 20,
};

/* One work task: its code (stored in places.tasks and used as the form
 * value) and its names in the three languages. */
struct place_task {
	const char *code;
	const char *fi;
	const char *sv;
	const char *en;
};

extern const struct place_task place_tasks[];
extern const size_t place_ntasks;

/* The task with this code, or NULL. */
const struct place_task *place_task_find(const char *code);
/* The task's name in language l (Finnish for an unknown language). */
const char *place_task_name(const struct place_task *t, enum lang l);
/* 1 when the space-separated task list codes holds code. */
int place_tasks_has(const char *codes, const char *code);

/* One member of a bit set: the form value, the English message id of its
 * name (for _()) and of its short name. Bit i of the set is table[i]. */
struct place_code {
	const char *code;
	const char *name;
	const char *abbr;
};

/* Monday .. Sunday: codes "mon" .. "sun". */
extern const struct place_code place_weekdays[7];
/* Finnish, Swedish, English: codes "fi", "sv", "en". */
extern const struct place_code place_languages[3];

/* The bit of code in table (n entries): 1 << index, or 0 when code is
 * not in the table. */
unsigned place_code_bit(
    const struct place_code *table, size_t n, const char *code);
/* ORs into *bits the bit of every value of field name in f (checkboxes:
 * one field per checked box). Returns 0, or -1 when a value is not in
 * table (*bits then holds the known ones). */
int place_bits_from_form(const struct http_form *f, const char *name,
    const struct place_code *table, size_t n, unsigned *bits);
/* The task codes checked in field name of f, in list order and without
 * repeats, as a space-separated list into out (reset first). Returns 0,
 * or -1 when a value is not a task code. */
int place_tasks_from_form(
    const struct http_form *f, const char *name, struct buf *out);

/* 1 when a place of form place_form ("individual", "group", "both") may
 * be listed under a contract of form contract_form: a 'both' contract
 * allows any of the three, otherwise only the contract's own form. */
int place_form_allowed(const char *contract_form, const char *place_form);

/* A place form as typed (values trimmed by the caller; never NULL) and
 * what the bit-set checkboxes gave. */
struct place_input {
	const char *title;
	const char *description;
	const char *task_words;
	const char *street_address;
	const char *hours_min;
	const char *hours_max;
	const char *capacity;
	const char *accessibility;
	const char *contact_name;
	const char *contact_phone;
	const char *contact_email;
	unsigned weekdays;
	unsigned languages;
};

/* The checked numbers of a valid place_input. */
struct place_numbers {
	int hours_min;
	int hours_max;
	int capacity;
};

/* An error: the form field it belongs to and an English message id for
 * _(). Static storage. */
struct place_error {
	const char *field;
	const char *message;
};

/* Checks everything of a place form that needs no database (the
 * municipality, form and contract are the caller's). Writes at most max
 * errors into errs, one per field, in form order, and returns how many
 * there were (more than max are counted but not written). When it
 * returns 0, *out holds the numbers. */
size_t place_validate(const struct place_input *in, struct place_numbers *out,
    struct place_error *errs, size_t max);

/* The text of the fts "tasks" column: each task's Finnish, Swedish and
 * English names, then the free task words; appended to out. Unknown
 * codes are skipped. */
void place_fts_tasks(struct buf *out, const char *codes, const char *words);
/* Writes the places_fts row of place id (rowid = id) from the places row
 * and its municipality, replacing any old row; when the place does not
 * exist, removes the row. Call it in the transaction that changed the
 * place. 0, or -1 on a database error. */
int place_fts_sync(sqlite3 *db, int64_t id);
/* Removes the places_fts row of place id. 0 or -1. */
int place_fts_delete(sqlite3 *db, int64_t id);

/* Why search words were not turned into a MATCH expression. */
enum place_query_err {
	PLACE_QUERY_OK = 0,
	PLACE_QUERY_EMPTY,    /* no letters or digits at all */
	PLACE_QUERY_TOO_LONG, /* over PLACE_QUERY_MAX_CHARS characters */
	PLACE_QUERY_TOO_MANY, /* over PLACE_QUERY_MAX_WORDS words */
	PLACE_QUERY_BAD_UTF8, /* not valid UTF-8, or holds a NUL */
};

/* Builds an FTS5 MATCH expression from what a user typed (s, len bytes):
 * the text is split into words at every character that is not a letter
 * or a digit (ASCII punctuation, spaces, quotes, the FTS operators'
 * characters * ^ : ( ) + - " and non-ASCII punctuation, symbols and
 * spaces), empty words are dropped, and each word is written as a
 * quoted prefix phrase joined by AND: "puu"* AND "joensuu"*. Words such
 * as AND, OR, NOT and NEAR are quoted too, so they are only words. Letters
 * keep their case and diacritics (ä, ö, å); the tokenizer folds case.
 * out is reset first and is "" unless PLACE_QUERY_OK; *words (may be
 * NULL) gets the number of words. Input over 4 * PLACE_QUERY_MAX_CHARS
 * bytes is refused before it is read. Never fails otherwise. */
enum place_query_err place_match_build(
    const char *s, size_t len, struct buf *out, int *words);

/* SQL: the number of placements that take a seat in place p.id (alias
 * p): status 'proposed' or 'active' and the latest decision period
 * (placements.seat_end, kept by triggers, migration 0014) ends on or
 * after today, the SQL parameter named by the argument ("?3"), which
 * holds today's Helsinki date 'YYYY-MM-DD'. */
#define PLACE_SQL_TAKEN(today)                                                 \
	"(SELECT count(*) FROM placements pl WHERE pl.place_id = p.id "        \
	"AND pl.status IN ('proposed', 'active') AND pl.seat_end >= " today    \
	")"

#endif
