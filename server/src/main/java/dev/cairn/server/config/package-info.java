/**
 * The server's configuration: etcd's command-line flags, {@code ETCD_*} environment variables and
 * {@code --config-file} YAML, resolved with etcd's names, defaults and precedence into one immutable
 * {@link dev.cairn.server.config.ServerConfig}. Also derives etcd's member and cluster IDs.
 *
 * <p>Owns parsing and validation only: nothing here opens files other than the config file, binds
 * sockets or logs. Problems are returned as data ({@link dev.cairn.server.config.Notice}) or thrown
 * as {@link dev.cairn.server.config.ConfigException}; the launcher prints them.
 */
@NullMarked
package dev.cairn.server.config;

import org.jspecify.annotations.NullMarked;
