/* contracts.h: handlers of the contracts program and what they share.
 * The list is in list.c, the contract page in view.c, contracts from an
 * awarded lot in awarded.c, direct awards in direct.c, and the steps of a
 * contract's life (sign, activate, extend, end, terminate) in
 * lifecycle.c. The rules without HTTP are in paikka/contract.h. */
#ifndef PAIKKA_CGI_CONTRACTS_H
#define PAIKKA_CGI_CONTRACTS_H

#include "paikka/app.h"
#include "paikka/contract.h"

struct tvars;

/* GET /contracts: every role; providers see their own only (list.c). */
int contracts_list(struct req *r);
/* GET /contracts/:id: staff, and the contract's provider (view.c). */
int contract_page(struct req *r);
/* GET /contracts/awarded and POST /contracts/awarded/:lot_id: officers
 * (awarded.c). */
int contracts_awarded_page(struct req *r);
int contracts_awarded_create(struct req *r);
/* GET and POST /contracts/new: a direct award, officers (direct.c). */
int contract_new_page(struct req *r);
int contract_new_post(struct req *r);
/* POST /contracts/:id/<step>: officers (lifecycle.c). */
int contract_sign(struct req *r);
int contract_activate(struct req *r);
int contract_extend(struct req *r);
int contract_end(struct req *r);
int contract_terminate(struct req *r);

/* A contract row with the names the pages show. Strings are in the
 * request's arena. */
struct contract_row {
	int64_t id, org_id, tender_id, lot_id, service_type_id;
	int64_t daily_price_cents, ranking, capacity;
	int64_t activated_at, ended_at, created_at;
	int direct_award, lot_number;
	enum contract_status status;
	const char *org_name, *service_name, *form, *start_date, *end_date;
	const char *extension_options, *justification, *signed_date;
	const char *signer_name, *signed_by_name, *termination_reason;
	const char *tender_title, *lot_title, *created_by_name;
};

/* Loads contract id as the caller may see it: 0 found, 1 when there is
 * no such contract or it belongs to another provider than the calling
 * provider's organisation (both answer 404), -1 on error. */
int contract_load(struct req *r, int64_t id, struct contract_row *c);
/* Renders the contract page of c with v (page_vars plus any f_ values
 * and field errors a failed step left) and this status. 0 or -1. */
int contract_render(
    struct req *r, const struct contract_row *c, struct tvars *v, int status);

/* "contract:12" for audit rows. */
const char *contract_ref(struct req *r, int64_t id);
/* "/contracts/12?msg=saved". */
const char *contract_href(struct req *r, int64_t id, const char *msg);
/* Today's Europe/Helsinki date as "YYYY-MM-DD" into out. Returns out. */
char *contract_today(struct req *r, char out[CAL_ISO_LEN]);
/* "22.11.2026" for a stored "2026-11-22" date, in the arena. */
const char *contract_date_text(struct req *r, const char *iso);
/* The service type's name in the request's language, from a row's
 * name_fi, name_sv and name_en columns. */
const char *contract_pick_lang(
    struct req *r, const char *fi, const char *sv, const char *en);
/* Closes every place of contract id that is not closed yet; the number
 * closed, or -1. Runs in the caller's transaction. */
int contract_close_places(struct req *r, int64_t id);

#endif
