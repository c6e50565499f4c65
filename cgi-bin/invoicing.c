/* invoicing: realised days (a month grid and CSV upload) and, with the
 * invoicing issue, the monthly invoices made from them. */
#include "invoicing/invoicing.h"
#include "paikka/tmpl.h"

/* Providers record days for their own placements; finance and
 * administrators see any provider's grid read-only. */
static const struct route routes[] = {
    {"GET", "/invoices", inv_list, ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER,
        0},
    {"GET", "/invoices/days", inv_days_page,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
    {"POST", "/invoices/days", inv_days_save, ROLE_PROVIDER, 0},
    {"GET", "/invoices/days/upload", inv_upload_page, ROLE_PROVIDER, 0},
    {"POST", "/invoices/days/upload", inv_upload_save, ROLE_PROVIDER,
        RF_UPLOAD},
    /* Monthly invoices: providers make and submit, finance decides. */
    {"POST", "/invoices", inv_create, ROLE_PROVIDER, 0},
    {"GET", "/invoices/:id", inv_show,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
    {"POST", "/invoices/:id/submit", inv_submit, ROLE_PROVIDER, 0},
    {"POST", "/invoices/:id/approve", inv_approve, ROLE_FINANCE, 0},
    {"POST", "/invoices/:id/reject", inv_reject, ROLE_FINANCE, 0},
    /* Exports of approved invoices: Finvoice 3.0 and CSV. */
    {"GET", "/invoices/:id/finvoice.xml", inv_finvoice,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
    {"GET", "/invoices/export.csv", inv_export_csv, ROLE_ADMIN | ROLE_FINANCE,
        0},
    {"GET", "/invoices/export.xml", inv_export_finvoice,
        ROLE_ADMIN | ROLE_FINANCE, 0},
    /* A credit note for an approved invoice, made by its provider. */
    {"POST", "/invoices/:id/credit", inv_credit, ROLE_PROVIDER, 0},
    /* Kela day statements for caseworkers; finance's summary. */
    {"GET", "/invoices/kela", kela_page, ROLE_ADMIN | ROLE_CASEWORKER, 0},
    {"GET", "/invoices/kela.csv", kela_csv, ROLE_ADMIN | ROLE_CASEWORKER, 0},
    {"GET", "/invoices/summary", inv_summary, ROLE_ADMIN | ROLE_FINANCE, 0},
};

static const struct app app = {
    "invoicing", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
