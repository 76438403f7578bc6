namespace Lodestone.Mlflow;

/// <summary>An error as MLflow clients expect it: <c>{"error_code": …, "message": …}</c> with a 4xx status (never 429/5xx, which clients retry).</summary>
public sealed class MlflowException(string errorCode, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
    public int Status { get; } = status;

    public static MlflowException InvalidParameter(string message) => new("INVALID_PARAMETER_VALUE", message);

    public static MlflowException NotFound(string message) => new("RESOURCE_DOES_NOT_EXIST", message, StatusCodes.Status404NotFound);

    public static MlflowException AlreadyExists(string message) => new("RESOURCE_ALREADY_EXISTS", message);
}
