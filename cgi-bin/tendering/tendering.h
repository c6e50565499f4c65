/* tendering.h: handlers of the tendering program. Officer handlers live
 * in officer*.c, public and provider handlers in public.c and bid*.c. */
#ifndef PAIKKA_CGI_TENDERING_H
#define PAIKKA_CGI_TENDERING_H

#include "paikka/app.h"

/* Public and everyone (public.c). */
int tenders_list(struct req *r);
int tender_page(struct req *r);
int tender_document(struct req *r);

/* Officer: prepare, publish, amend, answer, cancel (officer*.c). */
int tender_new_page(struct req *r);
int tender_create(struct req *r);
int tender_edit_page(struct req *r);
int tender_edit(struct req *r);
int lot_add(struct req *r);
int lot_page(struct req *r);
int lot_edit(struct req *r);
int lot_delete(struct req *r);
int criterion_add(struct req *r);
int criterion_delete(struct req *r);
int requirement_add(struct req *r);
int requirement_delete(struct req *r);
int document_upload(struct req *r);
int document_delete(struct req *r);
int tender_publish(struct req *r);
int amendment_add(struct req *r);
int question_answer(struct req *r);
int tender_cancel(struct req *r);

/* Provider: questions, the bid, documents (bid*.c). */
struct tvars;
/* Adds the calling provider's part of the tender page to v: its bid's
 * state, latest receipt, links, the question form. Called by tender_page
 * for providers only. 0 or -1. */
int bid_tender_vars(struct req *r, struct tvars *v, int64_t tender_id);
int question_ask(struct req *r);
int bid_page(struct req *r);
int bid_save(struct req *r);
int bid_submit(struct req *r);
int bid_withdraw(struct req *r);
int bid_receipt(struct req *r);
int org_documents_page(struct req *r);
int org_document_upload(struct req *r);
int org_document_download(struct req *r);

/* Officer: opening, qualification, scoring, award (evaluate*.c,
 * award.c). Every one answers 404 or 409 before the bids are opened. */
int tender_open(struct req *r);
int opening_page(struct req *r); /* also admins, and providers: own line */
int evaluation_page(struct req *r);
int submission_page(struct req *r);
int submission_qualify(struct req *r);
int submission_file(struct req *r); /* also admins */
int scores_page(struct req *r);
int scores_save(struct req *r);
int comparison_page(struct req *r);
int comparison_csv(struct req *r);
int lot_award(struct req *r);
int decision_page(struct req *r); /* also admins and bidders once published */
int decision_publish(struct req *r);
/* Adds the tender page's evaluation section to v (template
 * award_tender.html, variables ev_*): the officer's "open the bids" button
 * after the deadline, links to the opening record, evaluation and
 * decision after opening, each lot's framework and whether it is ready
 * for contracts once the decision is published. Nothing before opening
 * but the button. For officers, administrators and bidders; 0 or -1. */
int evaluation_tender_vars(struct req *r, struct tvars *v, int64_t tender_id);

/* Open contracting data (ocds.c), public: the list of published tenders'
 * OCDS release packages, and one package as JSON (404 for a draft). */
int ocds_list(struct req *r);
int ocds_package_json(struct req *r);

#endif
