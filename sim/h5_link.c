/* External links for index files (sim/h5_link.h). */
#include "sim/h5_link.h"

#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/h5_internal.h"

csim_status csim_h5_link_external(csim_h5_file *f, const char *link_path, const char *target_file,
                                  const char *target_object) {
    csim_status st = CSIM_OK;
    char *parent = NULL;
    bool exists = false;

    if (!f || f->id <= 0) {
        return CSIM_FAIL(CSIM_EINVAL, "external link '%s': file not open",
                         link_path ? link_path : "(null)");
    }
    if (!link_path || link_path[0] != '/' || link_path[1] == '\0' || !target_file ||
        target_file[0] == '\0' || !target_object || target_object[0] != '/') {
        return CSIM_FAIL(CSIM_EINVAL,
                         "external link '%s' -> '%s':'%s': need an absolute link "
                         "path, a file name and an absolute object path",
                         link_path ? link_path : "(null)", target_file ? target_file : "(null)",
                         target_object ? target_object : "(null)");
    }
    /* The parent groups are made by the writer module so that they get the same creation
     * properties as every other group of our files. */
    const char *slash = strrchr(link_path, '/');
    if (slash != link_path) {
        const size_t n = (size_t) (slash - link_path);
        parent = malloc(n + 1);
        if (!parent) {
            return CSIM_FAIL(CSIM_ENOMEM, "external link '%s'", link_path);
        }
        memcpy(parent, link_path, n);
        parent[n] = '\0';
        CSIM_TRY(csim_h5_group_create(f, parent));
    }
    CSIM_TRY(csim_h5__exists((hid_t) f->id, link_path, &exists));
    if (exists) {
        st = CSIM_FAIL(CSIM_EINVAL, "external link '%s': the name is taken", link_path);
        goto cleanup;
    }
    if (H5Lcreate_external(target_file, target_object, (hid_t) f->id, link_path, H5P_DEFAULT,
                           H5P_DEFAULT) < 0) {
        st =
            CSIM_H5__FAIL("external link '%s' -> '%s':'%s'", link_path, target_file, target_object);
        goto cleanup;
    }

cleanup:
    free(parent);
    return st;
}
