/**
 * The command line ({@link io.ferry.cli.Cli}): {@code serve}, the default, and {@code check}.
 * Commands parse flags, call one wiring function and map outcomes to exit codes; they hold no logic
 * of their own beyond that.
 */
package io.ferry.cli;
