/* invoicing.h: what the invoicing handlers share. */
#ifndef PAIKKA_INVOICING_PRIV_H
#define PAIKKA_INVOICING_PRIV_H

#include "paikka/app.h"
#include "paikka/attendance.h"
#include "paikka/placement.h"

/* A placement row: the rule fields and the client's name. */
struct days_pl {
	struct att_placement a;
	const char *name;
	int64_t contract_id;
};

/* Placements with status active or ended overlapping from..to
 * ('YYYY-MM-DD'): of the contract when contract > 0, else every one of
 * organisation org. Arena memory. 0 or -1. */
int days_placements(struct req *r, int64_t contract, int64_t org,
    const char *from, const char *to, struct days_pl **out, size_t *n);
/* Inserts or updates one day; hours replace the stored ones only when
 * set_hours. Returns the rows changed (0 when nothing differed) or -1. */
int days_store(struct req *r, int64_t placement, const char *day,
    enum att_status s, int hours, int set_hours);
/* Recorded days of every placement of the contract's clients from the
 * Monday before first to the Sunday after last (whole ISO weeks, for
 * att_warnings), or only the present ones (all the warnings look at).
 * Arena memory. 0 or -1. */
int days_recorded(struct req *r, int64_t contract, struct cal_date first,
    struct cal_date last, int present_only, struct att_day **out, size_t *n);
struct cal_date days_date(const char *iso);
const char *days_iso(struct req *r, struct cal_date d);
/* "14.5.2026" */
const char *days_show(struct req *r, struct cal_date d);

int inv_days_page(struct req *r);
int inv_days_save(struct req *r);
int inv_upload_page(struct req *r);
int inv_upload_save(struct req *r);

/* 1 when the contract's invoice of month "YYYY-MM" is approved, so the
 * days of that contract and month may no longer change (invoice.c). */
int month_locked(struct req *r, int64_t contract, const char *month);

/* The warnings of an invoice (warnings.c): "warnings" rows (w_ref,
 * w_day, w_text) and has_warnings in v, and the count per placement in
 * *counts, sorted by placement, for inv_warn_of. 0 or -1. */
struct inv_warn_count {
	int64_t placement;
	int n;
};
int inv_warnings(struct req *r, struct tvars *v, int64_t invoice,
    int64_t contract, const char *month, struct inv_warn_count **counts,
    size_t *ncounts);
int inv_warn_of(const struct inv_warn_count *c, size_t n, int64_t placement);

int inv_list(struct req *r);
int inv_create(struct req *r);
int inv_show(struct req *r);
int inv_submit(struct req *r);
int inv_approve(struct req *r);
int inv_reject(struct req *r);

/* Exports of approved invoices (export*.c). */
int inv_finvoice(struct req *r);
int inv_export_csv(struct req *r);
int inv_export_finvoice(struct req *r);
/* Credit notes (credit*.c). */
int inv_credit(struct req *r);
/* Kela day statements and finance's monthly summary (kela*.c,
 * summary*.c). */
int kela_page(struct req *r);
int kela_csv(struct req *r);
int inv_summary(struct req *r);

#endif
