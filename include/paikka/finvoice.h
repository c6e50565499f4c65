/* finvoice.h: approved invoices out of Paikka without HTTP: one invoice
 * as a Finvoice 3.0 message (libxml2's xmlTextWriter, UTF-8), a batch of
 * them, and the accounting CSV (one row per invoice line).
 *
 * Amounts are integer cents written with a decimal comma ("10,09"), dates
 * 'YYYY-MM-DD' in, CCYYMMDD out. VAT is always 0 % (AVL 37 §). */
#ifndef PAIKKA_FINVOICE_H
#define PAIKKA_FINVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "paikka/arena.h"

/* A seller or buyer organisation. einvoice/operator may be "". */
struct fv_party {
	const char *ytunnus; /* "2345678-0" */
	const char *name;
	const char *street, *postcode, *city;
	const char *einvoice; /* OVT / e-invoice address */
	const char *operator; /* the operator's identifier */
};

/* One invoice line: a placement's present days of the month. The client
 * reference only; a client's name never comes here. */
struct fv_line {
	const char *client_ref;
	int service_code;    /* service_types.code */
	const char *service; /* the service's (Finnish) name */
	const char *period_start, *period_end; /* 'YYYY-MM-DD' */
	int64_t days, unit_cents, total_cents;
};

struct fv_invoice {
	const char *number; /* "2-00001" */
	int version;
	const char *month;                   /* "YYYY-MM" */
	const char *invoice_date, *due_date; /* 'YYYY-MM-DD' */
	int64_t contract_id;
	int64_t total_cents;
	const char *vat_text;
	const char *iban, *bic;
	const char *reference; /* Finnish reference number */
	const char *buyer_reference;
	const char *timestamp; /* MessageTimeStamp: "2026-05-04T10:00:00Z" */
	struct fv_party seller, buyer;
	const struct fv_line *lines;
	size_t nlines;
	/* A credit note (Finvoice INV02, HYVITYSLASKU): days, line totals
	 * and totals above are magnitudes, written negated; original_* name
	 * the credited invoice. */
	int credit;
	const char *original_number, *original_date;
};

/* cents as "10,09" ("-0,50" for negatives) into dst; dst. */
char *fv_amount(char *dst, size_t n, int64_t cents);

/* One Finvoice 3.0 document (with the XML declaration) appended to out.
 * 0, or -1 when the invoice is unusable (no lines, a line total that is
 * not days × unit price, totals that do not add up) or libxml2 fails. */
int fv_write(struct buf *out, const struct fv_invoice *inv);
/* A batch: <FinvoiceBatch Month=".." Count="n"> holding one <Finvoice>
 * element per invoice, each exactly as fv_write would write it (Finvoice
 * has no batch element of its own; take each child out to validate it
 * against Finvoice3.0.xsd). 0 or -1. */
int fv_write_batch(struct buf *out, const char *month,
    const struct fv_invoice *invs, size_t n);

/* The accounting CSV: a UTF-8 BOM and the header row, then fv_csv_rows
 * for each invoice (';' separated, CRLF, decimal comma; see README
 * "Accounting CSV"). */
void fv_csv_header(struct buf *out);
/* One row per line of inv; 0, or -1 when the invoice is unusable. */
int fv_csv_rows(struct buf *out, const struct fv_invoice *inv);

#endif
