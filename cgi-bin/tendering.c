/* tendering: calls for tender, questions, sealed bids. Officers prepare
 * and publish tenders; anyone reads published ones; approved providers
 * ask questions and bid. Each route lists who may call it; handlers also
 * check the tender's state and, for bids, that the bid is the caller's. */
#include "tendering/tendering.h"

#define O ROLE_OFFICER
#define P ROLE_PROVIDER

static const struct route routes[] = {
    {"GET", "/tenders", tenders_list, ROLE_ALL, 0},
    {"GET", "/tenders/new", tender_new_page, O, 0},
    {"POST", "/tenders/new", tender_create, O, 0},
    {"GET", "/tenders/documents", org_documents_page, P, 0},
    {"POST", "/tenders/documents", org_document_upload, P, RF_UPLOAD},
    {"GET", "/tenders/documents/:id", org_document_download, P, 0},
    /* Open contracting data (ocds.c): public, like published tenders. */
    {"GET", "/tenders/ocds", ocds_list, ROLE_ALL, 0},
    {"GET", "/tenders/:id/ocds.json", ocds_package_json, ROLE_ALL, 0},
    {"GET", "/tenders/:id", tender_page, ROLE_ALL, 0},
    {"GET", "/tenders/:id/files/:id", tender_document, ROLE_ALL, 0},
    {"GET", "/tenders/:id/edit", tender_edit_page, O, 0},
    {"POST", "/tenders/:id/edit", tender_edit, O, 0},
    {"POST", "/tenders/:id/lots", lot_add, O, 0},
    {"GET", "/tenders/:id/lots/:id", lot_page, O, 0},
    {"POST", "/tenders/:id/lots/:id", lot_edit, O, 0},
    {"POST", "/tenders/:id/lots/:id/delete", lot_delete, O, 0},
    {"POST", "/tenders/:id/lots/:id/criteria", criterion_add, O, 0},
    {"POST", "/tenders/:id/criteria/:id/delete", criterion_delete, O, 0},
    {"POST", "/tenders/:id/requirements", requirement_add, O, 0},
    {"POST", "/tenders/:id/requirements/:id/delete", requirement_delete, O, 0},
    {"POST", "/tenders/:id/files", document_upload, O, RF_UPLOAD},
    {"POST", "/tenders/:id/files/:id/delete", document_delete, O, 0},
    {"POST", "/tenders/:id/publish", tender_publish, O, 0},
    {"POST", "/tenders/:id/amendments", amendment_add, O, 0},
    {"POST", "/tenders/:id/questions", question_ask, P, 0},
    {"POST", "/tenders/:id/questions/:id/answer", question_answer, O, 0},
    {"POST", "/tenders/:id/cancel", tender_cancel, O, 0},
    {"GET", "/tenders/:id/bid", bid_page, P, 0},
    {"POST", "/tenders/:id/bid", bid_save, P, RF_UPLOAD},
    {"POST", "/tenders/:id/bid/submit", bid_submit, P, 0},
    {"POST", "/tenders/:id/bid/withdraw", bid_withdraw, P, 0},
    {"GET", "/tenders/:id/bid/receipts/:id", bid_receipt, P, 0},
    /* Opening, evaluation and the award decision (evaluate*.c, award.c). */
    {"POST", "/tenders/:id/open", tender_open, O, 0},
    {"GET", "/tenders/:id/opening", opening_page, O | ROLE_ADMIN | P, 0},
    {"GET", "/tenders/:id/evaluation", evaluation_page, O, 0},
    {"GET", "/tenders/:id/submissions/:id", submission_page, O, 0},
    {"POST", "/tenders/:id/submissions/:id", submission_qualify, O, 0},
    {"GET", "/tenders/:id/submissions/:id/files/:id", submission_file,
        O | ROLE_ADMIN, 0},
    {"GET", "/tenders/:id/lots/:id/scores", scores_page, O, 0},
    {"POST", "/tenders/:id/lots/:id/scores", scores_save, O, 0},
    {"GET", "/tenders/:id/lots/:id/comparison", comparison_page, O, 0},
    {"GET", "/tenders/:id/lots/:id/comparison.csv", comparison_csv, O, 0},
    {"POST", "/tenders/:id/lots/:id/award", lot_award, O, 0},
    {"GET", "/tenders/:id/decision", decision_page, O | ROLE_ADMIN | P, 0},
    {"POST", "/tenders/:id/decision/publish", decision_publish, O, 0},
};

static const struct app app = {
    "tendering", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
