/* valid.h: pure validators for untrusted field values.
 *
 * Each returns 1 when the input is acceptable (and fills the out-parameter
 * if there is one), else 0. None of them allocates. */
#ifndef PAIKKA_VALID_H
#define PAIKKA_VALID_H

#include <stddef.h>
#include <stdint.h>

/* Text of minlen..maxlen code points, valid UTF-8, no NUL and no control
 * characters other than \t \r \n; len is the byte length. */
int valid_text(const char *s, size_t len, size_t minlen, size_t maxlen);
/* A single line: as valid_text, but no \r or \n either. */
int valid_line(const char *s, size_t len, size_t minlen, size_t maxlen);
/* Decimal integer in [min, max], optional leading '-', no spaces. */
int valid_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* Euros with optional 1-2 decimals, ',' or '.' as separator:
 * "10,09" "10.9" "10" → cents. At most 10^9 euros; no negatives. */
int valid_cents(const char *s, int64_t *out);
/* "2026-05-14" or "14.5.2026" (days checked against the month and leap
 * years). */
int valid_date(const char *s, int *y, int *m, int *d);
/* "14:05" or "9:05". */
int valid_clock(const char *s, int *h, int *min);
/* Finnish business ID "1234567-8" with its mod-11 check digit. */
int valid_ytunnus(const char *s);
/* A plausible address: one '@', non-empty local part, a dot in the domain,
 * no spaces, at most 254 bytes. */
int valid_email(const char *s);
/* Passwords: 12-128 code points, valid UTF-8, no NUL (len is the byte
 * length as received). */
int valid_password(const char *s, size_t len);
/* Login names: 3-64 of [a-z0-9._-]. */
int valid_username(const char *s);

#endif
