/* catalogue.h: handlers of the catalogue program: work-activity places
 * (places*.c) and client placements (placement*.c). */
#ifndef PAIKKA_CGI_CATALOGUE_H
#define PAIKKA_CGI_CATALOGUE_H

#include "paikka/app.h"

/* Places (places*.c). */
int places_page(struct req *r);
int place_new_page(struct req *r);
int place_create(struct req *r);
int place_page(struct req *r);
int place_edit_page(struct req *r);
int place_edit(struct req *r);
int place_status(struct req *r);

/* Placements (placement*.c). */
struct tvars;
/* Adds the placement part of a place page (free capacity, the "place a
 * client" link for caseworkers, the provider's own placements there).
 * Called by place_page. 0 or -1. */
int placement_place_vars(struct req *r, struct tvars *v, int64_t place_id);
int placements_page(struct req *r);
int placement_new_page(struct req *r);
int placement_create(struct req *r);
int placement_page(struct req *r);
int placement_confirm(struct req *r);
int placement_decline(struct req *r);
int placement_renew(struct req *r);
int placement_end(struct req *r);
int placement_report_upload(struct req *r);
int placement_report_download(struct req *r);

#endif
