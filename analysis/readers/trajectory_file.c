#include "analysis/readers/trajectory_file.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

csim_status csim_trajectory_file_check(const csim_h5_reader *r) {
    csim_status st = CSIM_OK;
    char *creator = NULL;
    bool has_creator = false, has_name = false, has_params = false;

    CSIM_TRY(csim_h5_read_exists(r, "/h5md/creator", &has_creator));
    CSIM_TRY(csim_h5_read_exists(r, CSIM_FMT_PARAMETERS, &has_params));
    if (has_creator) {
        CSIM_TRY(csim_h5_read_attr_exists(r, "/h5md/creator", "name", &has_name));
    }
    if (has_name) {
        CSIM_TRY(csim_h5_read_attr_string(r, "/h5md/creator", "name", &creator));
    }
    if (!creator || strcmp(creator, "clustersim") != 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: not a clustersim trajectory (its /h5md/creator "
                                          "is %s%s%s)", r->path, creator ? "'" : "",
                             creator ? creator : "missing", creator ? "'" : "");
    } else if (!has_params) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: not a clustersim trajectory (no /parameters)",
                             r->path);
    }

cleanup:
    free(creator);
    return st;
}
