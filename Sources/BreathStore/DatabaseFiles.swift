import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The modes of the database files: readable by the owner (the daemon) and its group (clinic
/// staff), never by others, whatever the process's umask.
enum DatabaseFiles {
    /// rw-r-----
    static let mode: mode_t = 0o640

    /// The database file and the companions SQLite keeps beside it in WAL mode.
    static func paths(of database: String) -> [String] {
        [database, database + "-wal", database + "-shm"]
    }

    /// Creates `path` empty with ``mode`` when it does not exist, so that SQLite, which gives
    /// -wal and -shm the database file's own mode, creates those with it too; gives existing
    /// files (from older software, or copied in) the same mode.
    static func prepare(_ path: String) throws(StoreError) {
        do throws(StoreError) { try createNew(path) } catch .alreadyExists {}
        for file in paths(of: path) where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, mode) == 0 else {
                throw StoreError.database(path: file, reason: "cannot set mode 0640: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Creates `path`, which must not exist, empty with ``mode``: the destination of a backup.
    static func createNew(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw StoreError.alreadyExists(path: path) }
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // open() applied the umask, which may have removed the group's read bit.
        guard fchmod(descriptor, mode) == 0 else {
            throw StoreError.database(path: path, reason: "cannot set mode 0640: \(String(cString: strerror(errno)))")
        }
    }
}
