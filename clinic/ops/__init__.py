"""The host project's operations: demo data (``seed_demo``) and whole-database backups
(``backup``/``restore``). Kept out of the reusable ``triggerfinder`` app on purpose: a project that
installs the app must not get commands that seed fake clients or dump its whole database."""
