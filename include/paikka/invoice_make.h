/* invoice_make.h: making draft invoices from the present days recorded,
 * without HTTP: one contract at a time (the provider's "create invoice",
 * POST /invoices) or every contract of a month at once (month-end, the
 * benchmark). Both write the same rows through the same code:
 *
 *   - one line per placement of the contract with present days in the
 *     month: client reference, the placement's period clipped to the
 *     month, days, the contract's daily price, days × price; lines in
 *     client reference order, as many as there are;
 *   - the invoice: the provider as seller (IBAN, BIC, e-invoice address),
 *     the first buyer organisation, the contract's buyer reference (else
 *     its number), today's Helsinki date and the due date after the
 *     contract's due days, total = sum of the lines, VAT 0 %;
 *   - a draft of the same contract and month is remade in place; after a
 *     rejection the next version keeps the number; otherwise (first
 *     invoice, or after a credit note) the provider's next number from
 *     invoice_numbers, and the reference number made from it.
 *
 * The caller holds the transaction (BEGIN IMMEDIATE) and rolls it back
 * when a function returns INV_MAKE_ERROR: rows may have been written. */
#ifndef PAIKKA_INVOICE_MAKE_H
#define PAIKKA_INVOICE_MAKE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "paikka/arena.h"

enum inv_make_rc {
	INV_MAKE_ERROR = -1,
	INV_MAKE_OK = 0,
	INV_MAKE_NO_CONTRACT, /* not the organisation's, or never active */
	INV_MAKE_NO_BANK,     /* the provider's IBAN or BIC is not valid */
	INV_MAKE_LIVE,        /* the month's invoice is submitted or approved */
	INV_MAKE_NO_DAYS,     /* no present days in the month */
};

/* What was made. */
struct inv_made {
	int64_t id, seq, version, total_cents;
	size_t lines;
	char number[32];
};

/* The draft invoice of contract (which organisation org owns; org > 0)
 * for month "YYYY-MM", made by user at now. Checks in this order: the
 * contract, the provider's bank details, a live invoice, the days. */
enum inv_make_rc inv_make_contract(sqlite3 *db, struct arena *a,
    int64_t contract, int64_t org, const char *month, int64_t user, int64_t now,
    struct inv_made *out);

/* What month-end made and left. */
struct inv_month {
	size_t invoices, lines;
	int64_t total_cents;
	/* Contracts with present days but no invoice made: */
	size_t no_contract, no_bank, live;
};

/* Makes the draft invoice of every contract with present days in month,
 * in contract order (so each provider's numbers run in the order of its
 * contracts), as inv_make_contract would for each, with one audit row
 * "invoice.create" per invoice by user (actor its user name). Contracts
 * it may not invoice are counted in out and skipped. One query over the
 * month's days. INV_MAKE_OK or INV_MAKE_ERROR. */
enum inv_make_rc inv_make_month(sqlite3 *db, struct arena *a, const char *month,
    int64_t user, const char *actor, int64_t now, struct inv_month *out);

#endif
