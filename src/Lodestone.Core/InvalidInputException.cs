namespace Lodestone;

/// <summary>Input a person can correct; its message is shown to them as it is (the API answers 400 with it).</summary>
public class InvalidInputException(string message) : Exception(message);
