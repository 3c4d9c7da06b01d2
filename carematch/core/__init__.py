"""The Qt-free core: domain, validation, storage, matching, printing and reports."""
