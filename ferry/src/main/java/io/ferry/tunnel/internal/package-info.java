/** The tunnel's parts that only {@code io.ferry.tunnel} uses: the in-process scrape of one target. */
package io.ferry.tunnel.internal;
