/* TEMPORARY while the catalogue handlers are written in parallel: weak
 * placeholders so the program links before every file exists. Each real
 * handler overrides its placeholder. This file is deleted before commit. */
#include "catalogue.h"

#define PENDING(fn)                                                        \
	__attribute__((weak)) int fn(struct req *r)                        \
	{                                                                  \
		return not_found(r);                                       \
	}

PENDING(places_page)
PENDING(place_new_page)
PENDING(place_create)
PENDING(place_page)
PENDING(place_edit_page)
PENDING(place_edit)
PENDING(place_status)
PENDING(placements_page)
PENDING(placement_new_page)
PENDING(placement_create)
PENDING(placement_page)
PENDING(placement_confirm)
PENDING(placement_decline)
PENDING(placement_renew)
PENDING(placement_end)

__attribute__((weak)) int placement_place_vars(struct req *r,
    struct tvars *v, int64_t place_id)
{
	(void)r;
	(void)v;
	(void)place_id;
	return 0;
}
