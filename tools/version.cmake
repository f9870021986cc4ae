# Writes the build's version header (sim/version.h.in -> OUTPUT) naming the commit of
# SOURCE_DIR's HEAD, with "-dirty" when tracked files differ from it, or "unknown"
# without git. CMakeLists.txt runs it at configure time and, through the target
# csim_version, at every build: a binary rebuilt after a new commit (or an edit) must not
# record an older commit in its trajectories. configure_file leaves OUTPUT untouched when
# its text is unchanged, so an unchanged commit recompiles nothing.
# Inputs (-D): SOURCE_DIR, OUTPUT, PROJECT_VERSION, CSIM_BUILD_FLAGS.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE CSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE commit_rc)
if(NOT commit_rc EQUAL 0 OR CSIM_GIT_COMMIT STREQUAL "")
    set(CSIM_GIT_COMMIT "unknown")
else()
    # Exit status 1: tracked files (staged or not) differ from HEAD.
    execute_process(COMMAND git diff --quiet HEAD --
                    WORKING_DIRECTORY ${SOURCE_DIR}
                    RESULT_VARIABLE dirty_rc ERROR_QUIET)
    if(dirty_rc EQUAL 1)
        string(APPEND CSIM_GIT_COMMIT "-dirty")
    endif()
endif()
configure_file(${SOURCE_DIR}/sim/version.h.in ${OUTPUT} @ONLY)
