/* svm_initialize_locale / svm_get_locale: the process' default locale for java.util.Locale.
 *
 * Behaviour (POSIX locale environment, as the JDK reads it on Linux): the format locale comes from
 * the LC_CTYPE category, the display locale from LC_MESSAGES; each category's value is LC_ALL if
 * set and non-empty, else LC_<category>, else LANG. A value has the form
 * language[_territory][.codeset][@modifier]. "C", "POSIX" and an unset locale mean en (no
 * country), as in the JDK. The modifier names a script (latin, cyrillic, devanagari) or is kept
 * as the variant. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "svm_locale.h"

static svm_locale_props_t props;

static const char *category_value(const char *category) {
    const char *v = getenv("LC_ALL");
    if (v && *v) return v;
    v = getenv(category);
    if (v && *v) return v;
    v = getenv("LANG");
    return v && *v ? v : NULL;
}

static const char *script_of(const char *modifier) {
    if (strcmp(modifier, "latin") == 0) return "Latn";
    if (strcmp(modifier, "cyrillic") == 0) return "Cyrl";
    if (strcmp(modifier, "devanagari") == 0) return "Deva";
    return NULL;
}

/* parses one category into the four strings; 0 on success, -1 when out of memory */
static int parse(const char *value, char **language, char **script, char **country, char **variant) {
    char buf[128];
    if (value == NULL || strcmp(value, "C") == 0 || strcmp(value, "POSIX") == 0
            || strncmp(value, "C.", 2) == 0 || strlen(value) >= sizeof buf) {
        value = "en";
    }
    strcpy(buf, value);
    const char *sc = "", *var = "";
    char *at = strchr(buf, '@');
    if (at) {
        *at = '\0';
        const char *s = script_of(at + 1);
        if (s) sc = s; else if (strcmp(at + 1, "euro") != 0) var = at + 1;
    }
    char *dot = strchr(buf, '.');
    if (dot) *dot = '\0';
    char *underscore = strchr(buf, '_');
    const char *ctry = "";
    if (underscore) { *underscore = '\0'; ctry = underscore + 1; }
    for (char *p = buf; *p; p++) *p = (char) tolower((unsigned char) *p);
    *language = strdup(*buf ? buf : "en");
    *script = strdup(sc);
    *country = strdup(ctry);
    *variant = strdup(var);
    if (!*language || !*script || !*country || !*variant) return -1;
    for (char *p = *country; *p; p++) *p = (char) toupper((unsigned char) *p);
    return 0;
}

int svm_initialize_locale(void) {
    if (parse(category_value("LC_CTYPE"), &props.format_language, &props.format_script,
              &props.format_country, &props.format_variant) != 0
            || parse(category_value("LC_MESSAGES"), &props.display_language, &props.display_script,
                     &props.display_country, &props.display_variant) != 0) {
        return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
    }
    return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) {
    return &props;
}
