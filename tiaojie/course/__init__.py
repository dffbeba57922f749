"""The course: course file (modules, paths), module pages, self-checks, progress, traceability,
classroom packs. Above the case bank, the role-plays and the records; below grading and apps.
"""
