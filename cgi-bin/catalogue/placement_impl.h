/* placement_impl.h: what the placement handlers (placements.c,
 * placement_new.c, placement_actions.c) share: a place as a placement
 * sees it, one placement with its current decision period, who may see
 * it, and the helpers that turn them into template variables.
 *
 * Who sees a placement (and its client data): administrators; the
 * caseworkers of the organisation that placed the client; the provider
 * while the placement is proposed or active. Anyone else gets 404. */
#ifndef PAIKKA_CGI_PLACEMENT_IMPL_H
#define PAIKKA_CGI_PLACEMENT_IMPL_H

#include <stdint.h>

#include "catalogue.h"
#include "paikka/calendar.h"

struct tvars;

/* A place with its contract and how many seats are taken today. Strings
 * live in the request arena. */
struct pl_place {
	int64_t id, org_id, contract_id;
	const char *title, *org_name, *status, *municipality;
	unsigned weekdays;
	int hours_min, hours_max, capacity, taken;
	const char *contract_status, *contract_start, *contract_end;
};

/* One placement and its latest (current) decision period. */
struct pl_row {
	int64_t id, place_id, contract_id, org_id, caseworker_id,
	    caseworker_org_id;
	const char *client_ref, *client_name, *start_date, *status;
	unsigned weekdays;
	int hours;
	int64_t confirmed_at, declined_at, created_at;
	const char *decline_reason, *end_date, *outcome;
	const char *place_title, *org_name, *caseworker_name;
	/* The latest period and the first period's start. */
	const char *period_start, *period_end, *first_start;
	/* The service needs a capacity-assessment report (service 3). */
	int needs_assessment;
};

/* Today's Europe/Helsinki date of the request, and the same as
 * "YYYY-MM-DD" in the arena. */
struct cal_date pl_today(struct req *r);
const char *pl_today_iso(struct req *r);
/* "YYYY-MM-DD" of d in the arena ("" when not a date). */
const char *pl_iso(struct req *r, struct cal_date d);
/* "22.11.2026" from "2026-11-22" in the arena. */
const char *pl_show_date(struct req *r, const char *iso);

/* Loads place id with its taken seats on today (placements proposed or
 * active whose latest period ends on or after today). 0 found, 1 not,
 * -1 on a database error. */
int pl_place_load(struct req *r, int64_t id, struct pl_place *p);
/* Seats free on the place: capacity - taken, never below 0. */
int pl_place_free(const struct pl_place *p);
/* 1 when the contract of p is active and in force on date iso. */
int pl_contract_in_force(const struct pl_place *p, const char *iso);

/* Loads placement id. 0 found, 1 not, -1 error. */
int pl_load(struct req *r, int64_t id, struct pl_row *p);
/* 1 when the current user may see p and its client data. */
int pl_visible(struct req *r, const struct pl_row *p);
/* 1 when the current user is a caseworker of the organisation that
 * placed the client (renew, end). */
int pl_is_placer(struct req *r, const struct pl_row *p);
/* 1 when the current user is a user of p's provider. */
int pl_is_provider(struct req *r, const struct pl_row *p);
/* The capacity-assessment reports of p on its page (placement_reports.c). */
int pl_reports_vars(struct req *r, struct tvars *v, const struct pl_row *p);

/* "Monday, Wednesday" in the current language, in the arena. */
const char *pl_days_text(struct req *r, unsigned days);
/* The translated status label. */
const char *pl_status_text(const char *status);

/* Writes the audit row of a view of client data: action
 * "placement.view", object "placement:ID" or "placements:list". 0 or
 * -1. */
int pl_audit_view(struct req *r, const char *object, const char *details);

/* The placement page (GET /placements/:id) for p, with v carrying any
 * field errors and typed values of its forms; status 200 or 422. Writes
 * the view's audit row. */
int pl_page_render(
    struct req *r, const struct pl_row *p, struct tvars *v, int status);

#endif
