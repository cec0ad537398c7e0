/*
 * fuzz_check.c — libFuzzer target for the engine behind `normlint check`:
 * bytes that are valid UTF-8 become a plain-text document (as in
 * fuzz_structure.c), every bundled rule runs over it (each rule kind reads
 * the recognised structure: dates, numbering, citations, patterns in their
 * scopes), the mechanical fixes are applied to the same text, and every
 * findings reporter writes the result to /dev/null.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_bundled.h"
#include "fuzz_doc.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nl_matcher *matcher(void)
{
    static nl_matcher *m;
    nl_error err;
    if (!m && nl_matcher_new(&m, fuzz_bundled_rules(), &err) != NL_OK)
        abort();
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"text", "json", "html", "sarif", "github", "junit"};
    nl_doc *doc = NULL;
    nl_result *res = NULL;
    nl_error err;
    if (nl_doc_from_utf8(&doc, "fuzz.txt", (const char *)data, size, &err) != NL_OK)
        return 0;
    fuzz_check_doc(doc);
    nl_check_opts opts = {.min_severity = NL_SEV_INFO, .profile = nl_profile_builtin()};
    if (nl_check(&res, matcher(), fuzz_bundled_rules(), doc, &opts, &err) == NL_OK) {
        for (size_t i = 0; i < nl_result_count(res); i++) {
            const nl_finding *f = nl_result_finding(res, i);
            if (!f->rule || !f->message || !f->address || !f->excerpt)
                abort();
            fuzz_check_span(doc, f->span);
        }
        char *fixed = NULL;
        size_t fixed_len = 0, napplied = 0;
        if (nl_fix_apply(&fixed, &fixed_len, &napplied, doc, res, (const char *)data, size, NULL, &err) == NL_OK)
            free(fixed);
        for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
            nl_report *r = NULL;
            nl_report_opts ropts = {.rules = fuzz_bundled_rules(), .show_suppressed = 1};
            if (nl_report_new(&r, formats[k], fuzz_sink(), &ropts, &err) == NL_OK) {
                nl_report_doc(r, doc, res);
                nl_report_finish(r);
            }
        }
        nl_result_free(res);
    }
    nl_doc_free(doc);
    return 0;
}
