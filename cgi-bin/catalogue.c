/* catalogue: the catalogue of work-activity places and the placements of
 * clients in them. Providers list places under their active contracts;
 * caseworkers search the catalogue and place clients; providers confirm
 * or decline. Each route lists who may call it; handlers also check that
 * the place or placement belongs to the caller's organisation. */
#include "catalogue/catalogue.h"

#define P ROLE_PROVIDER
#define C ROLE_CASEWORKER
#define STAFF (ROLE_ADMIN | ROLE_OFFICER | ROLE_CASEWORKER)

static const struct route routes[] = {
    {"GET", "/places", places_page, STAFF | P, 0},
    {"GET", "/places/new", place_new_page, P, 0},
    {"POST", "/places/new", place_create, P, 0},
    {"GET", "/places/:id", place_page, STAFF | P, 0},
    {"GET", "/places/:id/edit", place_edit_page, P, 0},
    {"POST", "/places/:id/edit", place_edit, P, 0},
    {"POST", "/places/:id/status", place_status, P, 0},
    {"GET", "/placements", placements_page, ROLE_ADMIN | C | P, 0},
    {"GET", "/placements/new", placement_new_page, C, 0},
    {"POST", "/placements/new", placement_create, C, 0},
    {"GET", "/placements/:id", placement_page, ROLE_ADMIN | C | P, 0},
    {"POST", "/placements/:id/confirm", placement_confirm, P, 0},
    {"POST", "/placements/:id/decline", placement_decline, P, 0},
    {"POST", "/placements/:id/renew", placement_renew, C, 0},
    {"POST", "/placements/:id/end", placement_end, C, 0},
    /* Capacity-assessment reports (service 3): the provider uploads, the
     * placing caseworkers read. */
    {"POST", "/placements/:id/reports", placement_report_upload, P, RF_UPLOAD},
    {"GET", "/placements/:id/reports/:id", placement_report_download,
        ROLE_ADMIN | C | P, 0},
};

static const struct app app = {
    "catalogue", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
