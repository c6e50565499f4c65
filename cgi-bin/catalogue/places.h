/* places.h: what the place handlers (places.c, places_form.c,
 * places_search.c) share: a loaded place, who may see it, and how its
 * coded fields are shown. */
#ifndef PAIKKA_CGI_PLACES_H
#define PAIKKA_CGI_PLACES_H

#include <stdint.h>

#include "catalogue.h"

struct tvars;

/* A place with its contract, municipality, service type and provider;
 * strings live in the request's arena. */
struct place_row {
	int64_t id;
	int64_t contract_id;
	int64_t org_id;
	int64_t municipality_id;
	int64_t service_type_id;
	const char *title;
	const char *description;
	const char *tasks;
	const char *task_words;
	const char *street_address;
	const char *form;
	int weekdays;
	int hours_min;
	int hours_max;
	int capacity;
	int languages;
	const char *accessibility;
	const char *contact_name;
	const char *contact_phone;
	const char *contact_email;
	const char *status;
	int64_t updated_at;
	const char *contract_status;
	const char *municipality; /* in the request's language */
	const char *service_type; /* in the request's language */
	const char *org_name;
	const char *contract_form;
};

/* Loads place id: 0 found, 1 no such place, -1 error. */
int places_load(struct req *r, int64_t id, struct place_row *p);
/* 1 when the caller may see the place: its own provider; officers and
 * administrators always; caseworkers when it is open under an active
 * contract. */
int places_visible(struct req *r, const struct place_row *p);
/* 1 when the caller is a provider of this place's organisation. */
int places_own(struct req *r, const struct place_row *p);

/* The translated label of a service form, place status and the texts of
 * bit sets ("Mon, Wed, Fri"; "Finnish, Swedish") and of the hours
 * ("4–6 h"), in the arena. */
const char *places_form_label(const char *form);
const char *places_status_label(const char *status);
const char *places_days_text(struct req *r, unsigned weekdays);
const char *places_langs_text(struct req *r, unsigned languages);
const char *places_hours_text(struct req *r, int lo, int hi);
/* The task names of a task list in the request's language. */
const char *places_tasks_text(struct req *r, const char *codes);
/* The name of a municipality or service type in the request's language
 * from its Finnish, Swedish (and English) names. */
const char *places_pick_name(
    struct req *r, const char *fi, const char *sv, const char *en);
/* Today's Europe/Helsinki date "YYYY-MM-DD" of the request's clock. */
const char *places_today(struct req *r);

/* The staff search page (places_search.c). */
int places_search_page(struct req *r);

#endif
