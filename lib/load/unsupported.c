/*
 * unsupported.c — the loader row for formats normlint recognises but does not
 * read: it turns them into a clear error that says how to convert the file,
 * instead of letting the text loader call them "binary". It also refuses a
 * file named as an office package (.docx, .odt, ...) that is not a ZIP at
 * all — empty, cut short or mislabelled — which the text loader would
 * otherwise read as a (clean) plain-text document.
 */
#include <string.h>
#include <strings.h>

#include "load/loader.h"
#include "load/ole2.h"
#include "load/zip.h"

typedef struct kind {
    const unsigned char *magic;
    size_t len;
    const char *message;
} kind;

static const unsigned char rtf[] = {'{', '\\', 'r', 't', 'f'};

static const kind kinds[] = {
    {rtf, sizeof rtf, "unsupported: RTF; convert it with 'soffice --headless --convert-to docx FILE'"},
};

static const kind *find(const unsigned char *data, size_t len)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (len >= kinds[i].len && memcmp(data, kinds[i].magic, kinds[i].len) == 0)
            return &kinds[i];
    return NULL;
}

/* the extension of an office package in path, or NULL */
static const char *package_ext(const char *path)
{
    static const char *const exts[] = {"docx", "docm", "dotx", "dotm", "odt", "ott", "ofd"};
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return NULL;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot + 1, exts[i]) == 0)
            return dot;
    return NULL;
}

/* An OLE2 compound file, said for what it is */
static nl_status ole2_refusal(const char *path, const unsigned char *data, size_t len, nl_error *err)
{
    switch (nl_ole2_classify(data, len)) {
    case NL_OLE2_WORD:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "unsupported: a legacy Word .doc or WPS document; convert it with "
                            "'soffice --headless --convert-to docx FILE'");
    case NL_OLE2_WORD_ENCRYPTED:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "encrypted Word document: it needs a password to open; save a copy without the password");
    case NL_OLE2_OOXML_ENCRYPTED:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "encrypted Office file (a password-protected DOCX or other package): it needs a password "
                            "to open; save a copy without the password");
    case NL_OLE2_EXCEL:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "unsupported: an Excel workbook (.xls), not a document");
    case NL_OLE2_POWERPOINT:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "unsupported: a PowerPoint presentation (.ppt), not a document");
    default:
        return nl_error_set(err, NL_ERR_PARSE, path,
                            "is a damaged OLE2 compound file, or one that holds no Word document");
    }
}

static int unsupported_sniff(const unsigned char *data, size_t len, const char *path)
{
    /* a ZIP that no ZIP-based loader took (not DOCX), or a package that is no ZIP */
    return find(data, len) != NULL || nl_ole2_magic(data, len) || nl_zip_magic(data, len) || package_ext(path) != NULL;
}

static nl_status unsupported_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                                  const nl_load_opts *opts, nl_error *err)
{
    (void)opts;
    *out = NULL;
    const kind *k = find(data, len);
    if (k)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "%s", k->message);
    if (nl_ole2_magic(data, len))
        return ole2_refusal(path, data, len, err);
    if (!nl_zip_magic(data, len)) {
        const char *ext = package_ext(path);
        if (len == 0)
            return nl_error_set(err, NL_ERR_PARSE, path, "is empty (0 bytes): not a %s package", ext ? ext : "ZIP");
        return nl_error_set(err, NL_ERR_PARSE, path,
                            "is named %s but is not a ZIP package (cut short, damaged or another format renamed)",
                            ext ? ext : "as a package");
    }
    const char *ext = package_ext(path);
    if (ext && strcasecmp(ext, ".ofd") == 0)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "unsupported: a ZIP archive that is not an OFD document (no OFD.xml)");
    return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                        "unsupported: a ZIP archive that is not a DOCX document (no word/document.xml)");
}

static const char *const no_extensions[] = {NULL};

const nl_loader nl_loader_unsupported = {"unsupported", no_extensions, unsupported_sniff, unsupported_load};
