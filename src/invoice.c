/* invoice.c: invoice arithmetic and checks (see invoice.h). */
#include "paikka/invoice.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int64_t inv_line_total(int64_t days, int64_t unit_cents)
{
	if (days < 0 || unit_cents < 0)
		return -1;
	if (days != 0 && unit_cents > INT64_MAX / days)
		return -1;
	return days * unit_cents;
}

int64_t inv_sum(const int64_t *lines, size_t n)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (lines[i] < 0 || lines[i] > INT64_MAX - sum)
			return -1;
		sum += lines[i];
	}
	return sum;
}

char *inv_iban_normal(char *dst, size_t n, const char *s)
{
	size_t k = 0;
	if (s == NULL || n == 0)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ')
			continue;
		if (!isalnum(c) || k + 1 >= n || k >= INV_IBAN_MAX)
			return NULL;
		dst[k++] = (char)toupper(c);
	}
	dst[k] = '\0';
	if (k < 15 || !isalpha((unsigned char)dst[0]) ||
	    !isalpha((unsigned char)dst[1]) ||
	    !isdigit((unsigned char)dst[2]) || !isdigit((unsigned char)dst[3]))
		return NULL;
	if (dst[0] == 'F' && dst[1] == 'I') {
		if (k != 18)
			return NULL;
		for (size_t i = 4; i < k; i++)
			if (!isdigit((unsigned char)dst[i]))
				return NULL;
	}
	/* Rearranged: the first four characters moved to the end, letters
	 * as 10..35; the remainder computed digit by digit. */
	unsigned rem = 0;
	for (size_t i = 0; i < k; i++) {
		char c = dst[(i + 4) % k];
		if (isdigit((unsigned char)c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return rem == 1 ? dst : NULL;
}

int inv_iban_valid(const char *s)
{
	char b[INV_IBAN_MAX + 1];
	return inv_iban_normal(b, sizeof(b), s) != NULL;
}

int inv_bic_valid(const char *s)
{
	size_t k = s ? strlen(s) : 0;
	if (k != 8 && k != 11)
		return 0;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i < 6 ? !isupper(c) : !(isupper(c) || isdigit(c)))
			return 0;
	}
	return 1;
}

int inv_ref_check(const char *base)
{
	static const int w[3] = {7, 3, 1};
	size_t k = base ? strlen(base) : 0;
	if (k < 3 || k > 19)
		return -1;
	int sum = 0;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)base[k - 1 - i];
		if (!isdigit(c))
			return -1;
		sum += (c - '0') * w[i % 3];
	}
	return (10 - sum % 10) % 10;
}

char *inv_ref_make(char *dst, size_t n, const char *base)
{
	int c = inv_ref_check(base);
	if (c < 0)
		return NULL;
	int len = snprintf(dst, n, "%s%d", base, c);
	return len > 0 && (size_t)len < n ? dst : NULL;
}

int inv_ref_valid(const char *s)
{
	char b[INV_REF_MAX + 1];
	size_t k = 0;
	if (s == NULL)
		return 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!isdigit((unsigned char)*s) || k >= INV_REF_MAX)
			return 0;
		b[k++] = *s;
	}
	if (k < 4)
		return 0;
	b[k] = '\0';
	int want = b[k - 1] - '0';
	b[k - 1] = '\0';
	return inv_ref_check(b) == want;
}

char *inv_ref_for(char *dst, size_t n, int64_t org, int64_t seq)
{
	char base[48];
	if (org <= 0 || seq <= 0)
		return NULL;
	snprintf(
	    base, sizeof(base), "%lld%05lld", (long long)org, (long long)seq);
	return inv_ref_make(dst, n, base);
}

char *inv_number_format(char *dst, size_t n, int64_t org, int64_t seq)
{
	int len =
	    snprintf(dst, n, "%lld-%05lld", (long long)org, (long long)seq);
	return len > 0 && (size_t)len < n ? dst : NULL;
}

int inv_month_valid(const char *s)
{
	if (s == NULL || strlen(s) != 7 || s[4] != '-')
		return 0;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !isdigit((unsigned char)s[i]))
			return 0;
	if (s[0] != '2' || s[1] != '0')
		return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12;
}
