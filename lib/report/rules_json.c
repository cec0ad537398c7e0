/*
 * rules_json.c — `normlint rules list --format json`: the loaded rules for
 * programs (editors, dashboards): one object per rule with what `rules
 * list` shows and the texts a finding carries.
 */
#include "normlint/report.h"
#include "report/json.h"

nl_status nl_rules_write_json(FILE *f, const nl_ruleset *rs)
{
    nl_jw w;
    nl_jw_init(&w, f, 2, 0);
    nl_jw_array(&w);
    for (size_t i = 0; i < nl_ruleset_count(rs); i++) {
        const nl_rule *r = nl_ruleset_rule(rs, i);
        nl_jw_object(&w);
        nl_jw_kv_text(&w, "id", nl_rule_id(r));
        nl_jw_kv_text(&w, "severity", nl_severity_name(nl_rule_severity(r)));
        nl_jw_kv_text(&w, "kind", nl_rule_kind(r));
        nl_jw_kv_text(&w, "scope", nl_rule_scope(r));
        nl_jw_kv_bool(&w, "enabled", nl_rule_enabled(r));
        nl_jw_kv_text(&w, "title", nl_rule_title(r));
        nl_jw_kv_text(&w, "message", nl_rule_message(r));
        nl_jw_key(&w, "basis");
        nl_jw_array(&w);
        for (size_t k = 0; k < nl_rule_basis_count(r); k++)
            nl_jw_ctext(&w, nl_rule_basis(r, k));
        nl_jw_end(&w);
        nl_jw_kv_text(&w, "advice", nl_rule_advice(r));
        nl_jw_key(&w, "applies_to");
        nl_jw_array(&w);
        for (size_t k = 0; k < nl_rule_applies_count(r); k++)
            nl_jw_ctext(&w, nl_rule_applies(r, k));
        nl_jw_end(&w);
        nl_jw_kv_text(&w, "file", nl_rule_file(r));
        nl_jw_end(&w);
    }
    nl_jw_end(&w);
    nl_jw_raw(&w, "\n", 1);
    nl_status st = nl_jw_finish(&w);
    if (st == NL_OK && fflush(f) != 0)
        st = NL_ERR_IO;
    return st;
}
