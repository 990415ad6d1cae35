"""Licence identifiers (SPDX) that metadata.yaml may name, and their canonical URLs."""

LICENSES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/",
                  "Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    "CC-BY-SA-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/",
                     "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"),
    "CC-BY-NC-4.0": ("https://creativecommons.org/licenses/by-nc/4.0/",
                     "Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)"),
    "CC-BY-NC-ND-4.0": ("https://creativecommons.org/licenses/by-nc-nd/4.0/",
                        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International "
                        "(CC BY-NC-ND 4.0)"),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/",
                "Creative Commons CC0 1.0 Universal public domain dedication"),
}
