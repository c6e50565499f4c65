/* invoice.h: monthly invoices without HTTP: line and total arithmetic in
 * integer cents, the IBAN mod-97 check, the Finnish reference number
 * (viitenumero) with its 7-3-1 check digit, and invoice numbers. */
#ifndef PAIKKA_INVOICE_H
#define PAIKKA_INVOICE_H

#include <stddef.h>
#include <stdint.h>

/* VAT 0 %: social services are exempt (VAT Act 37 §). */
#define INV_VAT_TEXT "Arvonlisäveroton sosiaalipalvelu (AVL 37 §)"
/* Longest IBAN (with no spaces) and reference number accepted. */
#define INV_IBAN_MAX 34
#define INV_REF_MAX 20

/* days × unit price, or -1 when either is negative or the product would
 * not fit in int64_t. */
int64_t inv_line_total(int64_t days, int64_t unit_cents);
/* The sum of n line totals, or -1 on overflow or a negative line. */
int64_t inv_sum(const int64_t *lines, size_t n);

/* 1 when s is an IBAN: 2 letters, 2 digits, 11-30 letters and digits
 * (spaces ignored, letters in any case), a Finnish one 18 characters,
 * and the mod-97 remainder of the rearranged number is 1. */
int inv_iban_valid(const char *s);
/* The IBAN without spaces and in upper case into dst (n bytes); dst, or
 * NULL when it does not fit or is not valid. */
char *inv_iban_normal(char *dst, size_t n, const char *s);
/* 1 when s is a BIC: 8 or 11 letters and digits, the first 6 letters. */
int inv_bic_valid(const char *s);

/* The check digit of a reference number base of 3-19 digits: weights 7,
 * 3, 1, 7, 3, 1 ... from the rightmost digit; (10 - sum % 10) % 10. -1
 * when base is not 3-19 digits. */
int inv_ref_check(const char *base);
/* base followed by its check digit into dst (n bytes); dst or NULL. */
char *inv_ref_make(char *dst, size_t n, const char *base);
/* 1 when s (spaces ignored) is 4-20 digits whose last is the check digit
 * of the rest. */
int inv_ref_valid(const char *s);
/* The reference number of invoice number seq of organisation org: the
 * base is the organisation id followed by the number in 5 digits. */
char *inv_ref_for(char *dst, size_t n, int64_t org, int64_t seq);

/* The invoice number shown: "<org>-<seq in 5 digits>", "2-00001". */
char *inv_number_format(char *dst, size_t n, int64_t org, int64_t seq);

/* 1 when s is a month "YYYY-MM" (year 2000-2099, month 01-12). */
int inv_month_valid(const char *s);

#endif
