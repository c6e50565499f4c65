/* kela.h: the Kela day statement without HTTP: the expense compensation
 * of realised days in integer cents, euros for CSV, and the month a
 * statement covers. */
#ifndef PAIKKA_KELA_H
#define PAIKKA_KELA_H

#include <stddef.h>
#include <stdint.h>

/* Kela pays a client in rehabilitative work activity an expense
 * compensation (kulukorvaus, or with labour market subsidy the
 * toimintaraha) of 9,00 € for each day the client was present. */
#define KELA_DAILY_CENTS 900

/* days × KELA_DAILY_CENTS, or -1 when days is negative or the product
 * would not fit in int64_t. */
int64_t kela_compensation(int64_t days);
/* cents as "18,00" (decimal comma, two decimals, no separators or euro
 * sign; "-1,05" for negatives) into dst; dst, or NULL when n is too
 * small. */
char *kela_csv_euros(char *dst, size_t n, int64_t cents);
/* The month before year y month m as "YYYY-MM" into dst (8 bytes or
 * more); dst, or NULL when m is not 1..12 or dst is too small. */
char *kela_prev_month(char *dst, size_t n, int y, int m);

#endif
