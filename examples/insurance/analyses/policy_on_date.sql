{# What every policy looked like on var('as_of_date'): `dailies compile -s policy_on_date --vars '{as_of_date: "2023-03-01"}'`. #}
{{ policy_as_of("'" ~ var('as_of_date') ~ "'") }}
