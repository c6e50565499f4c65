/* kela.c: Kela day statement arithmetic (see kela.h). */
#include "paikka/kela.h"

#include <stdio.h>

int64_t kela_compensation(int64_t days)
{
	if (days < 0 || days > INT64_MAX / KELA_DAILY_CENTS)
		return -1;
	return days * KELA_DAILY_CENTS;
}

char *kela_csv_euros(char *dst, size_t n, int64_t cents)
{
	/* Unsigned magnitude so that INT64_MIN does not overflow. */
	uint64_t u = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	int w = snprintf(dst, n, "%s%llu,%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(u / 100), (unsigned long long)(u % 100));
	if (w < 0 || (size_t)w >= n)
		return NULL;
	return dst;
}

char *kela_prev_month(char *dst, size_t n, int y, int m)
{
	if (m < 1 || m > 12 || y < 1 || y > 9999)
		return NULL;
	if (--m == 0) {
		m = 12;
		y--;
	}
	int w = snprintf(dst, n, "%04d-%02d", y, m);
	if (w < 0 || (size_t)w >= n || y < 1)
		return NULL;
	return dst;
}
