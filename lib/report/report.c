/*
 * report.c — the registry of findings reporters and the calls that drive
 * them. The registry keeps the counts (documents, unreadable, findings per
 * severity) so each format only formats.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

/* The registry: one row per format. A new format is one file and one row
 * here, plus its name in nl_report_formats() (the unit test checks that the
 * two agree). */
static const nl_report_vt *const formats[] = {&nl_report_text,  &nl_report_json,   &nl_report_html,
                                             &nl_report_sarif, &nl_report_github, &nl_report_junit};

const char *nl_report_formats(void) { return "text, json, html, sarif, github, junit"; }

nl_status nl_report_new(nl_report **out, const char *format, FILE *f, const nl_report_opts *opts, nl_error *err)
{
    *out = NULL;
    const nl_report_vt *vt = NULL;
    for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i]->name, format) == 0)
            vt = formats[i];
    if (!vt)
        return nl_error_set(err, NL_ERR_INVALID, "", "unknown format '%s' (known: %s)", format ? format : "",
                            nl_report_formats());
    nl_report *r = calloc(1, sizeof *r);
    if (!r)
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    r->f = f;
    r->vt = vt;
    if (opts)
        r->opts = *opts;
    nl_status st = vt->begin ? vt->begin(r) : NL_OK;
    if (st != NL_OK) {
        free(r);
        return nl_error_set(err, st, "", "cannot start the %s report", format);
    }
    *out = r;
    return NL_OK;
}

nl_severity nl_report_fail_on(const nl_report *r)
{
    return r->opts.fail_on_set ? r->opts.fail_on : NL_SEV_ERROR;
}

int nl_report_fails(const nl_report *r, const nl_finding *fd)
{
    return fd->severity >= nl_report_fail_on(r) && !fd->fixed;
}

const char *nl_skip_id(nl_skip why)
{
    return why == NL_SKIP_IGNORED ? "ignored" : "not-reviewed";
}

nl_status nl_report_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    r->documents++;
    r->checked++;
    for (int s = 0; s < 3; s++)
        r->findings[s] += nl_result_severity_count(res, (nl_severity)s);
    for (size_t i = 0; i < nl_result_count(res); i++)
        r->failing += (size_t)nl_report_fails(r, nl_result_finding(res, i));
    r->suppressed += nl_result_suppressed_by(res, NL_SUPPRESS_SOURCE);
    r->baselined += nl_result_suppressed_by(res, NL_SUPPRESS_BASELINE);
    return r->vt->doc(r, doc, res);
}

nl_status nl_report_unreadable(nl_report *r, const nl_error *e)
{
    r->documents++;
    r->unreadable++;
    return r->vt->unreadable(r, e);
}

nl_status nl_report_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    if (why >= NL_SKIP_COUNT)
        return NL_ERR_INVALID;
    r->skipped[why]++;
    return r->vt->skipped(r, path, why, reason);
}

void nl_report_discard(nl_report *r)
{
    if (!r)
        return;
    if (r->vt->free_state)
        r->vt->free_state(r);
    free(r);
}

nl_status nl_report_finish(nl_report *r)
{
    if (!r)
        return NL_OK;
    nl_status st = r->vt->end(r);
    if (fflush(r->f) != 0 || ferror(r->f))
        st = NL_ERR_IO;
    if (r->vt->free_state)
        r->vt->free_state(r);
    free(r);
    return st;
}
