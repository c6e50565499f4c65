/* valid.c: pure validators for untrusted field values.
 *
 * Each returns 1 when the input is acceptable (filling its out-parameters,
 * which may be NULL), else 0. Nothing here allocates or touches globals. */
#include <stdint.h>
#include <string.h>

#include "paikka/valid.h"

#define CENTS_MAX_EUROS 1000000000 /* 10^9 euros */
#define EMAIL_MAX 254

/* Returns the length (1-4) of the UTF-8 sequence at p[0..left) and its
 * code point in *cp, or 0 when the bytes are not valid UTF-8 (overlong
 * forms, surrogates, beyond U+10FFFF, truncated). */
static size_t utf8_decode(const unsigned char *p, size_t left, uint32_t *cp)
{
	static const uint32_t min_by_len[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	c = p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min_by_len[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Returns 1 when code point c is a control character (C0, DEL, C1) that
 * text may not hold: \t always passes, \r \n only when newlines is set. */
static int is_bad_control(uint32_t c, int newlines)
{
	if (c == '\t')
		return 0;
	if (c == '\r' || c == '\n')
		return !newlines;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* Returns the number of code points in s[0..len), or SIZE_MAX when it is
 * not valid UTF-8 or holds a NUL or (unless allow_controls) a control
 * character that is_bad_control refuses. */
static size_t utf8_count(
    const char *s, size_t len, int allow_controls, int newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0;
	uint32_t c;

	while (i < len) {
		size_t n = utf8_decode(p + i, len - i, &c);

		if (n == 0 || c == 0)
			return SIZE_MAX;
		if (!allow_controls && is_bad_control(c, newlines))
			return SIZE_MAX;
		i += n;
		count++;
	}
	return count;
}

/* Returns 1 when s[0..len) is text of minlen..maxlen code points. */
static int text_ok(
    const char *s, size_t len, size_t minlen, size_t maxlen, int newlines)
{
	size_t count;

	if (s == NULL)
		return 0;
	count = utf8_count(s, len, 0, newlines);
	return count != SIZE_MAX && count >= minlen && count <= maxlen;
}

/* The public validators below are documented in valid.h. */
int valid_text(const char *s, size_t len, size_t minlen, size_t maxlen)
{
	return text_ok(s, len, minlen, maxlen, 1);
}

int valid_line(const char *s, size_t len, size_t minlen, size_t maxlen)
{
	return text_ok(s, len, minlen, maxlen, 0);
}

/* Returns 1 when c is an ASCII digit. */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns 1 and the magnitude of the all-digit string s in *mag when it
 * is non-empty and at most limit, else 0. */
static int parse_magnitude(const char *s, uint64_t limit, uint64_t *mag)
{
	uint64_t v = 0;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (!is_digit(*s) || v > (limit - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*mag = v;
	return 1;
}

int valid_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int neg;
	uint64_t mag;
	int64_t v;

	if (s == NULL)
		return 0;
	neg = *s == '-';
	/* A negative magnitude may be one more than INT64_MAX. */
	if (!parse_magnitude(
	        s + neg, (uint64_t)INT64_MAX + (neg ? 1 : 0), &mag))
		return 0;
	if (!neg)
		v = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		v = INT64_MIN;
	else
		v = -(int64_t)mag;
	if (v < min || v > max)
		return 0;
	if (out != NULL)
		*out = v;
	return 1;
}

/* Returns the value of the 1..maxn digits at s and advances *s past them,
 * or -1 when there are none or more than maxn. */
static int take_digits(const char **s, int maxn)
{
	int v = 0, n = 0;

	while (is_digit(**s)) {
		if (++n > maxn)
			return -1;
		v = v * 10 + (**s - '0');
		(*s)++;
	}
	return n == 0 ? -1 : v;
}

int valid_cents(const char *s, int64_t *out)
{
	int64_t euros = 0, cents = 0;
	int frac;

	if (s == NULL || !is_digit(*s))
		return 0;
	for (; is_digit(*s); s++) {
		euros = euros * 10 + (*s - '0');
		if (euros > CENTS_MAX_EUROS) /* stops before any overflow */
			return 0;
	}
	if (*s == ',' || *s == '.') {
		const char *start = ++s;

		frac = take_digits(&s, 2);
		if (frac < 0)
			return 0;
		/* One digit means tenths: "10,9" is 10,90. */
		cents = s - start == 1 ? frac * 10 : frac;
	}
	if (*s != '\0' || (euros == CENTS_MAX_EUROS && cents > 0))
		return 0;
	if (out != NULL)
		*out = euros * 100 + cents;
	return 1;
}

/* Returns 1 when d is a day of month m in year y (1900-2200). */
static int date_exists(int y, int m, int d)
{
	static const int days[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= (m == 2 && leap ? 29 : days[m - 1]);
}

/* Returns 1 when the next n characters at *s are exactly n digits, with
 * their value in *v; advances *s. */
static int take_exact(const char **s, int n, int *v)
{
	const char *start = *s;
	int got = take_digits(s, n);

	if (got < 0 || *s - start != n)
		return 0;
	*v = got;
	return 1;
}

/* Returns 1 when the character at *s is c, and advances past it. */
static int take_char(const char **s, char c)
{
	if (**s != c)
		return 0;
	(*s)++;
	return 1;
}

/* Parses "YYYY-MM-DD" or "D.M.YYYY" (day and month one or two digits);
 * returns 1 when s has one of those shapes. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;

	if (take_exact(&p, 4, y))
		return take_char(&p, '-') && take_exact(&p, 2, m) &&
		       take_char(&p, '-') && take_exact(&p, 2, d) && *p == '\0';
	p = s;
	*d = take_digits(&p, 2);
	if (*d < 0 || !take_char(&p, '.'))
		return 0;
	*m = take_digits(&p, 2);
	return *m >= 0 && take_char(&p, '.') && take_exact(&p, 4, y) &&
	       *p == '\0';
}

int valid_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (s == NULL || !parse_date(s, &yy, &mm, &dd) ||
	    !date_exists(yy, mm, dd))
		return 0;
	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	if (d != NULL)
		*d = dd;
	return 1;
}

int valid_clock(const char *s, int *h, int *min)
{
	const char *p = s;
	int hh, mm;

	if (s == NULL)
		return 0;
	hh = take_digits(&p, 2);
	if (hh < 0 || hh > 23 || !take_char(&p, ':') ||
	    !take_exact(&p, 2, &mm) || mm > 59 || *p != '\0')
		return 0;
	if (h != NULL)
		*h = hh;
	if (min != NULL)
		*min = mm;
	return 1;
}

/* The check digit of a Y-tunnus: weights 7 9 10 5 8 4 2 over the seven
 * digits, sum mod 11; remainder 0 gives 0, 1 is never issued, else 11 -
 * remainder. */
int valid_ytunnus(const char *s)
{
	static const int weights[7] = {7, 9, 10, 5, 8, 4, 2};
	int sum = 0, rem;

	if (s == NULL || strlen(s) != 9 || s[7] != '-' || !is_digit(s[8]))
		return 0;
	for (int i = 0; i < 7; i++) {
		if (!is_digit(s[i]))
			return 0;
		sum += (s[i] - '0') * weights[i];
	}
	rem = sum % 11;
	if (rem == 1)
		return 0;
	return s[8] - '0' == (rem == 0 ? 0 : 11 - rem);
}

/* Returns 1 when the domain part has a dot that is neither its first nor
 * its last character. */
static int email_domain_ok(const char *dom)
{
	size_t n = strlen(dom);
	const char *dot = strchr(dom, '.');

	return n > 0 && dot != NULL && dom[0] != '.' && dom[n - 1] != '.';
}

int valid_email(const char *s)
{
	const char *at;
	size_t len;

	if (s == NULL)
		return 0;
	len = strnlen(s, EMAIL_MAX + 1);
	if (len > EMAIL_MAX)
		return 0;
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return 0;
	/* No spaces: a space or control character is never part of one. */
	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return 0;
	return utf8_count(s, len, 1, 0) != SIZE_MAX && email_domain_ok(at + 1);
}

int valid_password(const char *s, size_t len)
{
	size_t count;

	/* A NUL inside would cut the password short in C string code. */
	if (s == NULL || memchr(s, '\0', len) != NULL)
		return 0;
	count = utf8_count(s, len, 1, 1);
	return count != SIZE_MAX && count >= 12 && count <= 128;
}

int valid_username(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (n >= 64)
			return 0;
		if (!(c >= 'a' && c <= 'z') && !is_digit(c) && c != '.' &&
		    c != '_' && c != '-')
			return 0;
	}
	return n >= 3;
}
