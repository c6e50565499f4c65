/* credit.h: what invoice.c and credit.c share about one invoice or
 * credit note (private to the invoicing program). */
#ifndef PAIKKA_INVOICING_CREDIT_H
#define PAIKKA_INVOICING_CREDIT_H

#include "invoicing.h"
#include "paikka/tmpl.h"

struct inv {
	int64_t id, org, contract, created_by;
	const char *status, *month;
	int credit;        /* kind = 'credit' */
	int64_t credit_of; /* the credited invoice, of a credit note */
	int credited;      /* an invoice whose credit note is approved */
	int64_t total;     /* total_cents as stored (a magnitude) */
};

/* Loads r->params[0] into x and v: 1 when missing or another provider's
 * (404), -1 on error. */
int inv_load(struct req *r, struct tvars *v, struct inv *x);
/* The invoice page of r->params[0] with status. */
int inv_show_page(struct req *r, struct tvars *v, int status);
/* 409: the invoice is not in a state that allows this. */
int inv_state_error(struct req *r);
/* Notifies every enabled finance user (msgid with one %s = number). */
int inv_notify_finance(
    struct req *r, const char *link, const char *msgid, const char *number);

/* Sets the credit-note variables of the invoice page (credit.c). */
int credit_vars(struct req *r, struct tvars *v, const struct inv *x);
/* After a credit note is approved: marks its original credited, which
 * unlocks the original's month (credit.c). */
int credit_approved(struct req *r, const struct inv *x);

#endif
