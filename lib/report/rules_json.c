/*
 * rules_json.c — `normlint rules list --format json`: the loaded rules for
 * programs (editors, dashboards): one object per rule with what `rules
 * list` shows and the texts a finding carries.
 */
#include "normlint/report.h"
#include "report/json.h"

nl_status nl_rules_write_json(FILE *f, const nl_ruleset *rs)
{
    nl_json *arr = nl_json_array();
    int ok = arr != NULL;
    for (size_t i = 0; ok && i < nl_ruleset_count(rs); i++) {
        const nl_rule *r = nl_ruleset_rule(rs, i);
        nl_json *o = nl_json_object(), *basis = nl_json_array(), *types = nl_json_array();
        ok &= nl_json_set(o, "id", nl_json_ctext(nl_rule_id(r))) == 0;
        ok &= nl_json_set(o, "severity", nl_json_cstr(nl_severity_name(nl_rule_severity(r)))) == 0;
        ok &= nl_json_set(o, "kind", nl_json_ctext(nl_rule_kind(r))) == 0;
        ok &= nl_json_set(o, "scope", nl_json_ctext(nl_rule_scope(r))) == 0;
        ok &= nl_json_set(o, "enabled", nl_json_bool(nl_rule_enabled(r))) == 0;
        ok &= nl_json_set(o, "title", nl_json_ctext(nl_rule_title(r))) == 0;
        ok &= nl_json_set(o, "message", nl_json_ctext(nl_rule_message(r))) == 0;
        for (size_t k = 0; k < nl_rule_basis_count(r); k++)
            ok &= nl_json_push(basis, nl_json_ctext(nl_rule_basis(r, k))) == 0;
        ok &= nl_json_set(o, "basis", basis) == 0;
        ok &= nl_json_set(o, "advice", nl_json_ctext(nl_rule_advice(r))) == 0;
        for (size_t k = 0; k < nl_rule_applies_count(r); k++)
            ok &= nl_json_push(types, nl_json_ctext(nl_rule_applies(r, k))) == 0;
        ok &= nl_json_set(o, "applies_to", types) == 0;
        ok &= nl_json_set(o, "file", nl_json_ctext(nl_rule_file(r))) == 0;
        ok &= nl_json_push(arr, o) == 0;
    }
    nl_status st = NL_OK;
    if (!ok)
        st = NL_ERR_NOMEM;
    else if (nl_json_dump(arr, f, 2) != 0 || fputc('\n', f) == EOF || fflush(f) != 0)
        st = NL_ERR_IO;
    nl_json_free(arr);
    return st;
}
