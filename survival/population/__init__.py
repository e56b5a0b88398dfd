"""Population mortality tables: the general population's all-cause hazard by sex, age and year."""

from survival.population.bundled import (
    POPULATION_KIND,
    POPULATIONS,
    BundledPopulation,
    build_population,
    load_population,
)
from survival.population.readers import read_popmort, read_slopop, read_survexp_us
from survival.population.table import UNITS, PopulationTable, population_table_from_frame

__all__ = [
    "POPULATIONS",
    "POPULATION_KIND",
    "UNITS",
    "BundledPopulation",
    "PopulationTable",
    "build_population",
    "load_population",
    "population_table_from_frame",
    "read_popmort",
    "read_slopop",
    "read_survexp_us",
]
