/* i18n.c: languages (gettext), and how money and times are shown.
 *
 * Workers are single-threaded and serve one request at a time, so switching
 * the language through the LANGUAGE variable is safe. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "paikka/i18n.h"

/* glibc's message catalogue generation counter: bumping it makes gettext
 * drop its cache of earlier lookups (the documented way, see the gettext
 * manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

static const char *const lang_codes[LANG__MAX] = {"fi", "sv", "en"};

/* Longest Accept-Language we look at, and most entries in it: a hostile
 * header costs no more than this. */
#define ACCEPT_MAX_BYTES 1024
#define ACCEPT_MAX_ITEMS 32

#define EURO "\xe2\x82\xac"

char *i18n_gettext(const char *msgid)
{
	enum { SLOTS = 1024 };
	static struct {
		const char *id;
		char *tr;
		int gen;
	} cache[SLOTS];
	size_t h = ((uintptr_t)msgid >> 3) % SLOTS;
	if (cache[h].id != msgid || cache[h].gen != _nl_msg_cat_cntr) {
		cache[h].tr = gettext(msgid);
		cache[h].id = msgid;
		cache[h].gen = _nl_msg_cat_cntr;
	}
	return cache[h].tr;
}

static enum lang current = LANG_FI;
static int current_set; /* LANGUAGE holds current */

/* Binds the text domain, sets the time zone and starts in Finnish;
 * returns nothing. */
void i18n_init(const char *localedir)
{
	/* Not plain "C": glibc ignores LANGUAGE under the "C" locale. */
	setlocale(LC_ALL, "C.UTF-8");
	bindtextdomain("paikka", localedir);
	bind_textdomain_codeset("paikka", "UTF-8");
	textdomain("paikka");
	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
	current_set = 0;
	i18n_use(LANG_FI);
}

/* Switches gettext to language l; returns nothing. Most requests keep
 * the language of the one before, and a switch makes gettext forget
 * every lookup it has cached, so only a change switches. */
void i18n_use(enum lang l)
{
	l = (unsigned)l < LANG__MAX ? l : LANG_FI;
	if (current_set && l == current)
		return;
	current = l;
	current_set = 1;
	setenv("LANGUAGE", lang_code(current), 1);
	++_nl_msg_cat_cntr;
}

enum lang i18n_current(void)
{
	return current;
}

/* Returns the static code of l, "fi" for an unknown value. */
const char *lang_code(enum lang l)
{
	if ((unsigned)l >= LANG__MAX)
		return lang_codes[LANG_FI];
	return lang_codes[l];
}

/* Returns the language exactly named by s, else LANG__MAX. */
enum lang lang_from_code(const char *s)
{
	if (s == NULL)
		return LANG__MAX;
	for (int l = 0; l < LANG__MAX; l++)
		if (strcmp(s, lang_codes[l]) == 0)
			return (enum lang)l;
	return LANG__MAX;
}

/* Returns the language whose code is the primary subtag of the tag
 * p[0..n) (case-insensitive, "sv-FI" → sv), else LANG__MAX. */
static enum lang lang_from_tag(const char *p, size_t n)
{
	size_t primary = 0;

	while (primary < n && p[primary] != '-')
		primary++;
	if (primary != 2)
		return LANG__MAX;
	for (int l = 0; l < LANG__MAX; l++)
		if (strncasecmp(p, lang_codes[l], 2) == 0)
			return (enum lang)l;
	return LANG__MAX;
}

/* Parses a q-value "1", "0.5", "1.000" in p[0..n); returns it in
 * thousandths, or -1 when it is malformed. */
static int parse_qvalue(const char *p, size_t n)
{
	int q, scale = 100;
	size_t i = 2;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (; i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* Returns p[0..n) without leading and trailing spaces and tabs, updating
 * *n. */
static const char *trim(const char *p, size_t *n)
{
	while (*n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		(*n)--;
	}
	while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t'))
		(*n)--;
	return p;
}

/* Returns the q-value of one Accept-Language entry p[0..n) ("sv;q=0.9"),
 * 1000 when it has none, -1 when its parameters are malformed; *tag_len
 * gets the length of the language tag. */
static int entry_qvalue(const char *p, size_t n, size_t *tag_len)
{
	const char *semi = memchr(p, ';', n);
	const char *param;
	size_t plen;

	if (semi == NULL) {
		*tag_len = n;
		return 1000;
	}
	*tag_len = (size_t)(semi - p);
	param = semi + 1;
	plen = n - *tag_len - 1;
	param = trim(param, &plen);
	if (plen < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=')
		return -1;
	return parse_qvalue(param + 2, plen - 2);
}

/* Returns the supported language with the highest q-value in an
 * Accept-Language header (earliest wins a tie), else LANG__MAX. */
static enum lang lang_from_accept(const char *h)
{
	size_t len = strnlen(h, ACCEPT_MAX_BYTES);
	const char *end = h + len, *p = h;
	enum lang best = LANG__MAX;
	int best_q = 0;

	for (int items = 0; p < end && items < ACCEPT_MAX_ITEMS; items++) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t n = (size_t)((comma ? comma : end) - p), tag_len;
		const char *entry = trim(p, &n);
		int q = entry_qvalue(entry, n, &tag_len);
		enum lang l;

		trim(entry, &tag_len);
		l = lang_from_tag(entry, tag_len);
		if (l != LANG__MAX && q > best_q) {
			best = l;
			best_q = q;
		}
		p = comma ? comma + 1 : end;
	}
	return best;
}

/* Returns the cookie's language, else the header's best, else Finnish. */
enum lang lang_pick(const char *cookie, const char *accept_language)
{
	enum lang l = lang_from_code(cookie);

	if (l != LANG__MAX)
		return l;
	if (accept_language != NULL)
		l = lang_from_accept(accept_language);
	return l != LANG__MAX ? l : LANG_FI;
}

/* Writes v with groups of three digits separated by sep into out (at
 * least 32 bytes: 20 digits and 6 separators fit); returns out. */
static char *group_digits(char *out, uint64_t v, char sep)
{
	char tmp[32];
	size_t n = 0, o = 0;

	do {
		if (n % 4 == 3)
			tmp[n++] = sep;
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return out;
}

/* Formats cents for language l; returns dst (truncated to n bytes). */
char *fmt_money(char *dst, size_t n, int64_t cents, enum lang l)
{
	/* Unsigned negation: INT64_MIN has no positive int64_t. */
	uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	const char *sign = cents < 0 ? "-" : "";
	char euros[32];
	unsigned c = (unsigned)(mag % 100);

	if (n == 0)
		return dst;
	if (l == LANG_EN)
		snprintf(dst, n, "%s" EURO "%s.%02u", sign,
		    group_digits(euros, mag / 100, ','), c);
	else
		snprintf(dst, n, "%s%s,%02u " EURO, sign,
		    group_digits(euros, mag / 100, ' '), c);
	return dst;
}

/* Breaks unix_utc into Helsinki wall-clock fields; returns 1, or 0 when
 * the time cannot be represented. */
static int helsinki_tm(int64_t unix_utc, struct tm *tm)
{
	time_t t = (time_t)unix_utc;

	if ((int64_t)t != unix_utc)
		return 0;
	return localtime_r(&t, tm) != NULL;
}

/* Writes v (0-9999) as `width` digits at p; returns the end. Pages
 * format hundreds of dates each, and snprintf was a tenth of a list
 * page's time. */
static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

/* Writes the Helsinki time of unix_utc into dst (n bytes) in the form
 * parts selects: 1 "DD.MM.YYYY", 2 "HH:MM", 3 both with a space.
 * Returns dst ("" when unrepresentable or when n is too small). */
static char *fmt_parts(char *dst, size_t n, int64_t unix_utc, int parts)
{
	struct tm tm;
	size_t need = (parts & 1 ? 10 : 0) + (parts & 2 ? 5 : 0) +
	              (parts == 3 ? 1 : 0) + 1;

	if (n == 0)
		return dst;
	if (n < need || !helsinki_tm(unix_utc, &tm) || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999) {
		dst[0] = '\0';
		return dst;
	}
	char *p = dst;
	if (parts & 1) {
		p = put_digits(p, tm.tm_mday, 2);
		*p++ = '.';
		p = put_digits(p, tm.tm_mon + 1, 2);
		*p++ = '.';
		p = put_digits(p, tm.tm_year + 1900, 4);
	}
	if (parts == 3)
		*p++ = ' ';
	if (parts & 2) {
		p = put_digits(p, tm.tm_hour, 2);
		*p++ = ':';
		p = put_digits(p, tm.tm_min, 2);
	}
	*p = '\0';
	return dst;
}

/* Writes "DD.MM.YYYY"; returns dst ("" when unrepresentable). */
char *fmt_date(char *dst, size_t n, int64_t unix_utc)
{
	return fmt_parts(dst, n, unix_utc, 1);
}

/* Writes "HH:MM"; returns dst ("" when unrepresentable). */
char *fmt_time(char *dst, size_t n, int64_t unix_utc)
{
	return fmt_parts(dst, n, unix_utc, 2);
}

/* Writes "DD.MM.YYYY HH:MM"; returns dst ("" when unrepresentable). */
char *fmt_datetime(char *dst, size_t n, int64_t unix_utc)
{
	return fmt_parts(dst, n, unix_utc, 3);
}

/* Returns the number of days in month mon (1-12) of year y. */
static int days_in_month(int y, int mon)
{
	static const int days[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

/* Returns the value of the n decimal digits at p, or -1 when one of them
 * is not a digit. */
static int parse_digits(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Writes the ISO date iso as "DD.MM.YYYY"; returns dst ("" when iso is
 * not exactly a real "YYYY-MM-DD" date). */
char *fmt_isodate(char *dst, size_t n, const char *iso)
{
	int y, mon, d;

	if (n == 0)
		return dst;
	dst[0] = '\0';
	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return dst;
	y = parse_digits(iso, 4);
	mon = parse_digits(iso + 5, 2);
	d = parse_digits(iso + 8, 2);
	if (y < 1 || mon < 1 || mon > 12 || d < 1 || d > days_in_month(y, mon))
		return dst;
	snprintf(dst, n, "%02d.%02d.%04d", d, mon, y);
	return dst;
}

/* Returns the UTC offset in seconds in force at t, or 0 on failure. */
static long offset_at(time_t t)
{
	struct tm tm;

	return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
}

/* Returns 1 when instant t shows as wall-clock time want in Helsinki. */
static int shows_as(time_t t, const struct tm *want)
{
	struct tm tm;

	return localtime_r(&t, &tm) && tm.tm_year == want->tm_year &&
	       tm.tm_mon == want->tm_mon && tm.tm_mday == want->tm_mday &&
	       tm.tm_hour == want->tm_hour && tm.tm_min == want->tm_min;
}

/* Converts Helsinki wall-clock time to UTC seconds; returns -1 for fields
 * out of range (years 1900-2200). mktime(tm_isdst = -1) is not used: glibc
 * picks either instant of an autumn overlap depending on its previous
 * call. Instead the offsets a day before and a day after are tried (zone
 * changes are months apart). */
int64_t helsinki_to_utc(int y, int mon, int d, int h, int min)
{
	struct tm tm = {0};
	time_t wall, before, after;
	int ok_before, ok_after;

	if (y < 1900 || y > 2200 || mon < 1 || mon > 12 || d < 1 ||
	    d > days_in_month(y, mon) || h < 0 || h > 23 || min < 0 || min > 59)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	wall = timegm(&tm); /* the wall-clock fields read as if UTC */
	before = wall - offset_at(wall - 86400);
	after = wall - offset_at(wall + 86400);
	ok_before = shows_as(before, &tm);
	ok_after = shows_as(after, &tm);
	if (ok_before && ok_after)
		return before < after ? before : after;
	if (ok_after)
		return after;
	/* Valid with the old offset, or in the spring gap: the old offset
	 * moves the time forward by the length of the gap. */
	return before;
}
