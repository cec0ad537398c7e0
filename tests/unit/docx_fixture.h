/*
 * docx_fixture.h — DOCX documents built in memory from WordprocessingML
 * snippets, for the unit tests (static functions; include after cmocka.h).
 */
#ifndef NL_TEST_DOCX_FIXTURE_H
#define NL_TEST_DOCX_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/zip.h"
#include "support/zipbuild.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
          "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"

static const char *const content_types =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/* word/comments.xml, footnotes.xml and endnotes.xml content for the next
   make_docx (NULL: none) */
static const char *comments_part, *footnotes_part, *endnotes_part;

/* Wrap `inner` in the root element `root` of a part (malloc'd). */
static char *wrap_part(const char *root, const char *inner)
{
    char *p = malloc(strlen(inner) + 2 * strlen(root) + 256);
    assert_non_null(p);
    sprintf(p, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:%s " W ">%s</w:%s>", root, inner, root);
    return p;
}

/* A DOCX whose body is `body`; numbering and styles parts when non-NULL. */
static unsigned char *make_docx(const char *body, const char *numbering, const char *styles, size_t *len)
{
    char *doc = malloc(strlen(body) + 32);
    assert_non_null(doc);
    sprintf(doc, "<w:body>%s</w:body>", body);
    const char *names[7] = {"[Content_Types].xml", "word/document.xml", NULL, NULL, NULL, NULL, NULL};
    char *parts[7] = {NULL, wrap_part("document", doc), NULL, NULL, NULL, NULL, NULL};
    free(doc);
    size_t n = 2;
    const char *extra[5][3] = {{"word/comments.xml", "comments", comments_part},
                               {"word/numbering.xml", "numbering", numbering},
                               {"word/styles.xml", "styles", styles},
                               {"word/footnotes.xml", "footnotes", footnotes_part},
                               {"word/endnotes.xml", "endnotes", endnotes_part}};
    for (int k = 0; k < 5; k++)
        if (extra[k][2]) {
            names[n] = extra[k][0];
            parts[n++] = wrap_part(extra[k][1], extra[k][2]);
        }
    const char *data[7];
    size_t lens[7];
    for (size_t i = 0; i < n; i++) {
        data[i] = i ? parts[i] : content_types;
        lens[i] = strlen(data[i]);
    }
    unsigned char *out = NULL;
    nl_error err;
    assert_int_equal(nl_test_zip_build(names, data, lens, n, &out, len, &err), NL_OK);
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
    return out;
}

#endif
