/**
 * HTTP details shared by Ferry's clients (the push client of {@code ferry push} and {@code ferry
 * run}, the remote write sender); depends on nothing else in Ferry.
 */
package io.ferry.http;
