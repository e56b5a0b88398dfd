"""The validated data types estimators take: life tables of counts per group and interval."""
