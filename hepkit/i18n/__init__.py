"""Words in every language: `catalogs` reads hepkit's gettext catalogs (hepkit/locale/*.po) and
knows the CLDR locales; `words` writes every word hepkit says itself (doses, how often, dates,
the pain rule, the script's buttons). It knows nothing of the content model's modules."""
