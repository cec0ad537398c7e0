/*
 * packs.h — test support: a one-rule pack (test.fine, error: a fine set by
 * the text, 处……罚款) for unit tests that need findings but not the
 * bundled rules.
 */
#ifndef NL_TESTS_PACKS_H
#define NL_TESTS_PACKS_H

static const char *const nl_test_fine_pack = "- id: test.fine\n"
                                             "  kind: pattern\n"
                                             "  severity: error\n"
                                             "  title: 罚款\n"
                                             "  message: 设定了罚款\n"
                                             "  basis: []\n"
                                             "  advice: 删除。\n"
                                             "  pattern: '处[^。；]{0,10}罚款'\n"
                                             "  examples:\n"
                                             "    bad: [\"处五百元罚款。\", \"并处一千元罚款。\"]\n"
                                             "    good: [\"不得罚款。\", \"依法处理。\"]\n";

#endif
