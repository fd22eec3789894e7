/* medins--1.0--1.1.sql — upgrade from 1.0 to 1.1 */

\echo Use "ALTER EXTENSION medins UPDATE TO '1.1'" to load this file. \quit

/*
 * Scaffold of the upgrade chain: each release adds one small script
 * medins--OLD--NEW.sql holding exactly the changes since OLD (new objects,
 * ALTERs; never CREATE OR REPLACE of unchanged objects), and bumps
 * default_version in medins.control.  sql/zz_lifecycle.sql creates 1.0 and
 * updates along the chain, so a broken step fails the tests.
 *
 * 1.1 is the first step of that chain and changes nothing yet.
 */
