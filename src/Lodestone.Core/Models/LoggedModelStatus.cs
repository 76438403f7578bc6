namespace Lodestone.Models;

/// <summary>Where a logged model's upload stands (MLflow 3's LoggedModelStatus).</summary>
public enum LoggedModelStatus
{
    /// <summary>Created; its files are being uploaded.</summary>
    Pending,
    /// <summary>Its files are complete.</summary>
    Ready,
    /// <summary>The upload failed; the files may be partial.</summary>
    Failed,
}
